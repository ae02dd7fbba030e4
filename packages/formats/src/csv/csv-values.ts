import { Decimal, LogicalNames, type Schema, Struct } from '@sinkkit/core';
import { toJsonText } from '../json/to-json.js';

const MS_PER_DAY = 86_400_000;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field (RFC 4180): `null` is an empty field; an empty string is `""` so readers can
 * tell it from null; text with a comma, quote, CR or LF is quoted with inner quotes doubled.
 * Structs, maps and arrays are written as JSON text (see `toJsonText`), bytes as base64, a
 * `Decimal` with its exact digits, an INT64 `bigint` with every digit, and `Date`s by logical
 * type: Date `YYYY-MM-DD`, Time `HH:MM:SS.sss`, Timestamp (or schemaless) ISO 8601 in UTC.
 */
export function csvField(value: unknown, schema: Schema | null, separator = ','): string {
  if (value === null || value === undefined) return '';
  const text = csvText(value, schema);
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) || text.includes(separator) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(value: unknown, schema: Schema | null): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return String(value); // NaN, Infinity and -Infinity as DuckDB and PostgreSQL read them
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Decimal) return value.toString();
  if (value instanceof Date) return dateText(value, schema);
  if (value instanceof Struct || value instanceof Map || typeof value === 'object') return toJsonText(value, schema);
  return String(value);
}

function dateText(value: Date, schema: Schema | null): string {
  const iso = value.toISOString();
  if (schema?.name === LogicalNames.DATE) return iso.slice(0, 10);
  if (schema?.name === LogicalNames.TIME) {
    const ms = ((value.getTime() % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
    return new Date(ms).toISOString().slice(11, 23);
  }
  return iso;
}
