import { Decimal, LogicalNames, type Schema, Struct } from '@sinkkit/core';

const MS_PER_DAY = 86_400_000;

/**
 * Connect data as JSON text by its JavaScript type, the way Jackson writes a plain value: what
 * Confluent's `JsonFormat` does with a value that is not a Struct (Structs go through
 * `JsonConverter`, see `JsonFormat`), and how CSV cells and key/header views hold nested data:
 *
 * - `Struct` → an object of its fields in schema order; `Map` → an object (keys as strings);
 * - `bigint` (INT64) → a JSON number with every digit (exact beyond 2^53, as Java writes longs);
 * - bytes (`Uint8Array`) → a base64 string;
 * - `Decimal` → a JSON number with its exact digits (as Jackson writes a `BigDecimal`);
 * - `Date` → by the schema's logical type: `Date` days since the epoch, `Time` milliseconds of
 *   the day, `Timestamp` (or schemaless) milliseconds since the epoch;
 * - non-finite numbers (`NaN`, `Infinity`) → `null`, as `JSON.stringify` does.
 */
export function toJsonText(value: unknown, schema: Schema | null = null): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof Struct) {
    const parts = value.schema.fields.map(
      (f) => `${JSON.stringify(f.name)}:${toJsonText(value.get(f.name), f.schema)}`,
    );
    return `{${parts.join(',')}}`;
  }
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value instanceof Decimal) return value.toString();
  if (value instanceof Date) return String(dateValue(value, schema));
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v, schema?.valueSchema ?? null)).join(',')}]`;
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  const parts = entries.map(([k, v]) => `${JSON.stringify(String(k))}:${toJsonText(v, schema?.valueSchema ?? null)}`);
  return `{${parts.join(',')}}`;
}

function dateValue(value: Date, schema: Schema | null): number {
  const ms = value.getTime();
  if (schema?.name === LogicalNames.DATE) return Math.floor(ms / MS_PER_DAY);
  if (schema?.name === LogicalNames.TIME) return ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return ms;
}
