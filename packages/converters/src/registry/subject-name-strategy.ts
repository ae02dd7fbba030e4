/**
 * How the subject a schema is registered under is named, as Confluent's serializers name it
 * (`key.subject.name.strategy` / `value.subject.name.strategy`). `recordName` is the full name
 * of the Avro record (or other named type), `null` for unnamed schemas.
 */
export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | null) => string;

const PACKAGE = 'io.confluent.kafka.serializers.subject';

function requireName(recordName: string | null, strategy: string): string {
  if (!recordName) throw new TypeError(`${strategy} needs a named Avro schema (a record, enum or fixed)`);
  return recordName;
}

/** `<topic>-key` / `<topic>-value`: Confluent's default. */
export const topicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;

/** The record's full name, so one record type has one subject across topics. */
export const recordNameStrategy: SubjectNameStrategy = (_topic, _isKey, recordName) =>
  requireName(recordName, 'RecordNameStrategy');

/** `<topic>-<record full name>`: several record types per topic, each evolving on its own. */
export const topicRecordNameStrategy: SubjectNameStrategy = (topic, _isKey, recordName) =>
  `${topic}-${requireName(recordName, 'TopicRecordNameStrategy')}`;

/** The strategies by their Confluent class names and short names. */
export const SUBJECT_NAME_STRATEGIES: ReadonlyMap<string, SubjectNameStrategy> = new Map([
  [`${PACKAGE}.TopicNameStrategy`, topicNameStrategy],
  ['TopicNameStrategy', topicNameStrategy],
  [`${PACKAGE}.RecordNameStrategy`, recordNameStrategy],
  ['RecordNameStrategy', recordNameStrategy],
  [`${PACKAGE}.TopicRecordNameStrategy`, topicRecordNameStrategy],
  ['TopicRecordNameStrategy', topicRecordNameStrategy],
]);
