import type { Schema } from '../data/schema.js';
import { type Header, Headers } from './headers.js';
import { TimestampType } from './timestamp-type.js';
import { type TopicPartition, topicPartition } from './topic-partition.js';

/** What a {@link SinkRecord} is made from; only the Kafka coordinates are required. */
export interface SinkRecordInit {
  topic: string;
  kafkaPartition: number;
  /** A bigint; a `number` is accepted only when it is a safe integer (below 2^53). */
  kafkaOffset: bigint | number;
  key?: unknown;
  keySchema?: Schema | null;
  value?: unknown;
  valueSchema?: Schema | null;
  /** Milliseconds since the epoch (exact in a `number` for the next 285,000 years). */
  timestamp?: number | null;
  /** Default `NoTimestampType`, or `CreateTime` when a timestamp is given without a type. */
  timestampType?: TimestampType;
  headers?: Headers | Iterable<Header>;
  /** Where the record was consumed from, before transformations; defaults to topic/partition/offset. */
  originalTopic?: string;
  originalKafkaPartition?: number;
  originalKafkaOffset?: bigint | number;
}

/** The parts a transformation may change with {@link SinkRecord.newRecord}. */
export type SinkRecordChanges = Partial<
  Pick<
    SinkRecordInit,
    'topic' | 'kafkaPartition' | 'key' | 'keySchema' | 'value' | 'valueSchema' | 'timestamp' | 'headers'
  >
>;

/**
 * A record read from Kafka and handed to `SinkTask.put`, after the converters turned its bytes
 * into data and the transformations ran. Keys and values come with their schemas, or with
 * `null` schemas when schemaless (plain objects, strings, `null` for tombstones).
 *
 * Records are immutable: transformations derive a new one with {@link newRecord}, which keeps
 * the Kafka offset and the original coordinates so offsets are always committed against the
 * partition the record was consumed from, even when a transformation renamed the topic.
 */
export class SinkRecord {
  readonly topic: string;
  readonly kafkaPartition: number;
  /** 64-bit offset within the partition, as a bigint (a `number` is exact only up to 2^53). */
  readonly kafkaOffset: bigint;
  readonly key: unknown;
  readonly keySchema: Schema | null;
  readonly value: unknown;
  readonly valueSchema: Schema | null;
  readonly timestamp: number | null;
  readonly timestampType: TimestampType;
  readonly headers: Headers;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: bigint;

  constructor(init: SinkRecordInit) {
    this.topic = init.topic;
    this.kafkaPartition = init.kafkaPartition;
    this.kafkaOffset = toOffset(init.kafkaOffset, 'kafkaOffset');
    this.key = init.key ?? null;
    this.keySchema = init.keySchema ?? null;
    this.value = init.value ?? null;
    this.valueSchema = init.valueSchema ?? null;
    this.timestamp = init.timestamp ?? null;
    this.timestampType =
      init.timestampType ?? (this.timestamp === null ? TimestampType.NoTimestampType : TimestampType.CreateTime);
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.originalTopic = init.originalTopic ?? this.topic;
    this.originalKafkaPartition = init.originalKafkaPartition ?? this.kafkaPartition;
    this.originalKafkaOffset =
      init.originalKafkaOffset === undefined
        ? this.kafkaOffset
        : toOffset(init.originalKafkaOffset, 'originalKafkaOffset');
  }

  /** The record's current topic-partition (after transformations). */
  get topicPartition(): TopicPartition {
    return topicPartition(this.topic, this.kafkaPartition);
  }

  /** The topic-partition the record was consumed from: the one whose offsets get committed. */
  get originalTopicPartition(): TopicPartition {
    return topicPartition(this.originalTopic, this.originalKafkaPartition);
  }

  /**
   * A copy with `changes` applied (an explicit `null` clears a field). The offset, timestamp
   * type and original coordinates carry over; headers are duplicated unless given, so the copy
   * can change its headers without touching this record's.
   */
  newRecord(changes: SinkRecordChanges): SinkRecord {
    const pick = <K extends keyof SinkRecordChanges>(k: K, current: SinkRecordInit[K]) =>
      Object.hasOwn(changes, k) ? changes[k] : current;
    return new SinkRecord({
      topic: pick('topic', this.topic) ?? this.topic,
      kafkaPartition: pick('kafkaPartition', this.kafkaPartition) ?? this.kafkaPartition,
      kafkaOffset: this.kafkaOffset,
      key: pick('key', this.key),
      keySchema: pick('keySchema', this.keySchema),
      value: pick('value', this.value),
      valueSchema: pick('valueSchema', this.valueSchema),
      timestamp: pick('timestamp', this.timestamp),
      timestampType: this.timestampType,
      headers: changes.headers ?? this.headers.duplicate(),
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }

  /** Coordinates and schemas only: keys and values can be personal data and are left out. */
  toString(): string {
    const schema = (s: Schema | null) => (s ? s.toString() : 'schemaless');
    return (
      `SinkRecord{topic=${this.topic}, kafkaPartition=${this.kafkaPartition}, kafkaOffset=${this.kafkaOffset}, ` +
      `timestamp=${this.timestamp}, timestampType=${this.timestampType}, ` +
      `keySchema=${schema(this.keySchema)}, valueSchema=${schema(this.valueSchema)}, headers=${this.headers.size}}`
    );
  }
}

function toOffset(offset: bigint | number, what: string): bigint {
  if (typeof offset === 'bigint') return offset;
  if (!Number.isSafeInteger(offset)) {
    throw new RangeError(`${what} ${offset} is not a safe integer; pass offsets beyond 2^53 as a bigint`);
  }
  return BigInt(offset);
}
