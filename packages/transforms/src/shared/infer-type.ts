import { type SchemaType, Struct } from '@sinkkit/core';

/**
 * The Connect type of a schemaless value, as Kafka's `ConnectSchema.schemaType(value.getClass())`
 * finds it, or `null` for a value Connect's data API has no type for (a `Date`, a `Decimal`).
 * JS numbers are doubles (FLOAT64) and bigints longs (INT64), as the converters read them.
 */
export function inferSchemaType(value: unknown): SchemaType | null {
  if (typeof value === 'number') return 'FLOAT64';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'string') return 'STRING';
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Struct) return 'STRUCT';
  if (value instanceof Map) return 'MAP';
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return 'MAP';
  }
  return null;
}

/** A short name for a value's JS type in error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
