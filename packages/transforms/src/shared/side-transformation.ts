import type { Schema, SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './base-transformation.js';
import { type RecordSide, sideSchema, sideValue, withSide } from './record-side.js';

/**
 * A transformation with Kafka's `$Key` and `$Value` variants: subclasses set {@link side} and
 * implement the schemaless and the schema'd case; a `null` key or value (a tombstone) passes
 * through unchanged, as in Kafka.
 */
export abstract class SideTransformation<V extends object> extends BaseTransformation<V> {
  protected abstract readonly side: RecordSide;

  /** Whether a `null` key or value passes through untouched (true for all but HoistField). */
  protected readonly passesNull: boolean = true;

  /** The new schemaless value. */
  protected abstract applySchemaless(value: unknown, record: SinkRecord): unknown;

  /** The new schema and value of a side that has a schema. */
  protected abstract applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown];

  apply(record: SinkRecord): SinkRecord | null {
    const value = sideValue(record, this.side);
    if (value === null && this.passesNull) return record;
    const schema = sideSchema(record, this.side);
    if (schema === null) return withSide(record, this.side, null, this.applySchemaless(value, record));
    const [newSchema, newValue] = this.applyWithSchema(schema, value, record);
    return withSide(record, this.side, newSchema, newValue);
  }
}
