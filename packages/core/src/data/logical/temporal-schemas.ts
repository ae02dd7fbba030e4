import { DataError } from '../../errors/data-error.js';
import type { Schema } from '../schema.js';
import { SchemaBuilder } from '../schema-builder.js';
import { LogicalNames, MS_PER_DAY } from './logical-names.js';

/*
 * Connect's Date, Time and Timestamp logical types. In structs and records all three are JS
 * `Date`s (UTC); the raw forms below are what converters write, matching Java's classes:
 * Date = INT32 days since the epoch, Time = INT32 milliseconds since midnight,
 * Timestamp = INT64 (bigint) milliseconds since the epoch.
 */

function requireName(schema: Schema, name: string): void {
  if (schema.name !== name) throw new DataError(`Expected a ${name} schema, got ${schema}`);
}

function requireValidDate(value: Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new DataError(`${what} needs a valid Date`);
  return ms;
}

/** `org.apache.kafka.connect.data.Date`: a calendar day, as a `Date` at midnight UTC. */
export const DateSchema = Object.freeze({
  LOGICAL_NAME: LogicalNames.DATE,
  builder: (): SchemaBuilder => SchemaBuilder.int32().name(LogicalNames.DATE).version(1),
  SCHEMA: SchemaBuilder.int32().name(LogicalNames.DATE).version(1).build(),
  /** Days since 1970-01-01; throws if `value` has a time of day. */
  fromLogical(schema: Schema, value: Date): number {
    requireName(schema, LogicalNames.DATE);
    const ms = requireValidDate(value, 'Date');
    if (ms % MS_PER_DAY !== 0) throw new DataError('Kafka Connect Date type should not have any time fields set');
    return ms / MS_PER_DAY;
  },
  toLogical(schema: Schema, days: number): Date {
    requireName(schema, LogicalNames.DATE);
    return new Date(days * MS_PER_DAY);
  },
});

/** `org.apache.kafka.connect.data.Time`: a time of day, as a `Date` on 1970-01-01 UTC. */
export const TimeSchema = Object.freeze({
  LOGICAL_NAME: LogicalNames.TIME,
  builder: (): SchemaBuilder => SchemaBuilder.int32().name(LogicalNames.TIME).version(1),
  SCHEMA: SchemaBuilder.int32().name(LogicalNames.TIME).version(1).build(),
  /** Milliseconds since midnight; throws if `value` is not on 1970-01-01 UTC. */
  fromLogical(schema: Schema, value: Date): number {
    requireName(schema, LogicalNames.TIME);
    const ms = requireValidDate(value, 'Time');
    if (ms < 0 || ms >= MS_PER_DAY) throw new DataError('Kafka Connect Time type should not have any date fields set');
    return ms;
  },
  toLogical(schema: Schema, msOfDay: number): Date {
    requireName(schema, LogicalNames.TIME);
    if (!(msOfDay >= 0 && msOfDay < MS_PER_DAY)) throw new DataError(`Time out of range: ${msOfDay} ms since midnight`);
    return new Date(msOfDay);
  },
});

/** `org.apache.kafka.connect.data.Timestamp`: an instant, as a `Date` (millisecond precision). */
export const TimestampSchema = Object.freeze({
  LOGICAL_NAME: LogicalNames.TIMESTAMP,
  builder: (): SchemaBuilder => SchemaBuilder.int64().name(LogicalNames.TIMESTAMP).version(1),
  SCHEMA: SchemaBuilder.int64().name(LogicalNames.TIMESTAMP).version(1).build(),
  /** Milliseconds since the epoch, as the INT64 (bigint) Connect stores. */
  fromLogical(schema: Schema, value: Date): bigint {
    requireName(schema, LogicalNames.TIMESTAMP);
    return BigInt(requireValidDate(value, 'Timestamp'));
  },
  toLogical(schema: Schema, epochMs: bigint | number): Date {
    requireName(schema, LogicalNames.TIMESTAMP);
    return new Date(Number(epochMs));
  },
});
