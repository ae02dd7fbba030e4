import { type Header, type Headers, Schema, SchemaBuilder, SinkRecord, Struct } from '@sinkkit/core';
import { toJsonText } from '@sinkkit/formats';

/**
 * What a companion file or the envelope writes for a record: another record whose value is the
 * view (the key, the headers, the enveloped record), so any format writes it unchanged.
 */
export type RecordView = (record: SinkRecord) => SinkRecord;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header value as text, the way Confluent's S3 sink writes headers (`Values.convertToString`):
 * strings as they are; bytes (raw headers, or what `ByteArrayConverter` makes of them) as their
 * UTF-8 text when they are valid UTF-8, else base64; dates in ISO 8601; anything else (numbers,
 * booleans, lists, maps that `SimpleHeaderConverter` parsed) as JSON text.
 */
export function headerText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      return Buffer.from(value).toString('base64');
    }
  }
  if (value instanceof Date) return value.toISOString();
  return toJsonText(value);
}

/**
 * One header, as Confluent's S3 sink writes it (`RecordViews.HeaderRecordView`): an unnamed
 * struct `{key: string, value: string}`, so in Avro the record
 * `io.confluent.connect.avro.ConnectDefault`. One difference, on purpose: `value` is optional.
 * Kafka allows a header without a value, and Confluent's sink then fails the task (a null put
 * into its required field); sinkkit writes the header with a null value. A reader that uses
 * Confluent's schema still reads these files (Avro resolves `["null", "string"]` to `string`)
 * as long as no header value is null.
 */
export const HEADER_SCHEMA: Schema = SchemaBuilder.struct()
  .field('key', Schema.STRING_SCHEMA)
  .field('value', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

/** Every header of a record, in order: an array of {@link HEADER_SCHEMA}. */
export const HEADERS_SCHEMA: Schema = SchemaBuilder.array(HEADER_SCHEMA).build();

/** A record's headers as a list of `{key, value}` structs (an empty list when it has none). */
export function headerStructs(headers: Headers): Struct[] {
  return headers
    .toArray()
    .map((h: Header) => new Struct(HEADER_SCHEMA).put('key', h.key).put('value', headerText(h.value)));
}

/**
 * The schema a key is written with: its own, or for a schemaless string or bytes key an optional
 * string or bytes schema (schemaless objects stay schemaless: the format infers their schema).
 */
export function keySchemaOf(record: SinkRecord): Schema | null {
  if (record.keySchema) return record.keySchema;
  if (record.key === null || typeof record.key === 'string') return Schema.OPTIONAL_STRING_SCHEMA;
  if (record.key instanceof Uint8Array) return Schema.OPTIONAL_BYTES_SCHEMA;
  return null;
}

/** `record` with `value` (of `valueSchema`) in place of its value; everything else kept, headers shared. */
export function viewRecord(record: SinkRecord, value: unknown, valueSchema: Schema | null): SinkRecord {
  return new SinkRecord({
    topic: record.topic,
    kafkaPartition: record.kafkaPartition,
    kafkaOffset: record.kafkaOffset,
    key: record.key,
    keySchema: record.keySchema,
    value,
    valueSchema,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    headers: record.headers,
    originalTopic: record.originalTopic,
    originalKafkaPartition: record.originalKafkaPartition,
    originalKafkaOffset: record.originalKafkaOffset,
  });
}

/**
 * A record's key as the keys file holds it. `wrap` puts it in a one-field struct `{key}` (what
 * Confluent does for Parquet, whose rows must be structs); otherwise the key is the record.
 */
export function keyView(wrap: boolean): RecordView {
  const wrapped = new WeakMap<Schema, Schema>();
  return (record) => {
    const schema = keySchemaOf(record);
    if (!wrap) return viewRecord(record, record.key, schema);
    if (!schema) return viewRecord(record, { key: record.key }, null);
    let struct = wrapped.get(schema);
    if (!struct) {
      struct = SchemaBuilder.struct().name('RecordKey').field('key', schema).build();
      wrapped.set(schema, struct);
    }
    return viewRecord(record, new Struct(struct).put('key', record.key), struct);
  };
}

// Confluent's names for the wrapping structs (RecordViews: RecordKey, RecordHeaders).
const WRAPPED_HEADERS = SchemaBuilder.struct().name('RecordHeaders').field('headers', HEADERS_SCHEMA).build();

/**
 * A record's headers as the headers file holds them: a list of `{key, value}` with the values
 * as text, as Confluent's S3 sink writes them; `wrap` puts the list in a struct `{headers}`.
 */
export function headersView(wrap: boolean): RecordView {
  return (record) => {
    const list = headerStructs(record.headers);
    if (!wrap) return viewRecord(record, list, HEADERS_SCHEMA);
    return viewRecord(record, new Struct(WRAPPED_HEADERS).put('headers', list), WRAPPED_HEADERS);
  };
}
