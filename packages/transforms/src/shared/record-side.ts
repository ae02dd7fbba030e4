import type { Schema, SinkRecord } from '@sinkkit/core';

/**
 * Which part of a record a `$Key` / `$Value` transformation works on, as Kafka's nested
 * `Key` and `Value` classes do.
 */
export type RecordSide = 'key' | 'value';

/** The schema of the side a transformation works on (`null` when schemaless). */
export function sideSchema(record: SinkRecord, side: RecordSide): Schema | null {
  return side === 'key' ? record.keySchema : record.valueSchema;
}

/** The value of the side a transformation works on. */
export function sideValue(record: SinkRecord, side: RecordSide): unknown {
  return side === 'key' ? record.key : record.value;
}

/** A copy of `record` with `side` replaced by `schema` and `value`. */
export function withSide(record: SinkRecord, side: RecordSide, schema: Schema | null, value: unknown): SinkRecord {
  return side === 'key'
    ? record.newRecord({ keySchema: schema, key: value })
    : record.newRecord({ valueSchema: schema, value });
}
