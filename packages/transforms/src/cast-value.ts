import { Decimal, LogicalNames, type Schema, type SchemaType, type SinkRecord } from '@sinkkit/core';
import { describeValue as describe, inferSchemaType } from './shared/infer-type.js';
import {
  decimalToBigInt,
  decimalToNumber,
  javaBigDecimalText,
  javaDateText,
  javaDoubleText,
  javaFloatText,
} from './shared/java-text.js';
import { recordError } from './shared/requirements.js';

/*
 * The value conversions of Kafka's `Cast` (`castValueToType` and the `castTo*` helpers):
 * numbers narrow as Java's primitive casts do, strings parse as `Integer.parseInt` /
 * `Double.parseDouble` / `Boolean.parseBoolean` do, Date/Time/Timestamp become their int
 * representation before a numeric or boolean cast, and anything becomes text as Java prints it.
 */

/** What `spec` may cast to. */
export const CAST_TARGETS = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'] as const;
/** A type Cast casts to. */
export type CastTarget = (typeof CAST_TARGETS)[number];
/** What Cast casts from: the targets and BYTES (which only casts to STRING). */
export const CAST_SOURCES: readonly SchemaType[] = [...CAST_TARGETS.slice(0, 7), 'STRING', 'BYTES'];

const INT_BITS = { INT8: 8, INT16: 16, INT32: 32, INT64: 64 } as const;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const JAVA_INTEGER = /^[+-]?\d+$/;
// Java's FloatingDecimal grammar without hex floats: optional sign, NaN, Infinity or decimal digits with an exponent, an optional f/d suffix.
const JAVA_FLOATING = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/**
 * `value` cast to `target`, as Kafka's `Cast.castValueToType`: `schema` is the value's schema,
 * `null` when schemaless (its type is then inferred from the JS value). Throws a data error
 * with Kafka's message for a type Cast does not cast from or a string that does not parse.
 */
export function castValueToType(
  schema: Schema | null,
  value: unknown,
  target: CastTarget,
  record: SinkRecord,
): unknown {
  if (value === null || value === undefined) return null;
  const type = schema === null ? inferSchemaType(value) : schema.type;
  if (type === null)
    throw recordError(
      record,
      `Cast transformation was passed a value of type ${describe(value)} which is not supported by Connect's data API`,
    );
  if (!CAST_SOURCES.includes(type))
    throw recordError(
      record,
      `Cast transformation does not support casting from ${type}; supported types are [${CAST_SOURCES.join(', ')}]`,
    );
  const input = schema?.name && target !== 'STRING' ? encodeLogical(schema.name, value) : value;
  const unexpected = () => recordError(record, `Unexpected type in Cast transformation: ${describe(input)}`);
  const outOfRange = () => recordError(record, `Value (${String(input)}) was out of range for requested data type`);
  switch (target) {
    case 'STRING':
      return castToString(input, type);
    case 'BOOLEAN':
      if (typeof input === 'boolean') return input;
      if (typeof input === 'string') return input.toLowerCase() === 'true';
      if (isNumber(input)) return toLong(input) !== 0n;
      throw unexpected();
    case 'FLOAT32':
    case 'FLOAT64': {
      let n: number;
      if (typeof input === 'boolean') n = input ? 1 : 0;
      else if (typeof input === 'string') {
        const text = input.trim();
        if (!JAVA_FLOATING.test(text)) throw outOfRange();
        n = Number(text.replace(/[fFdD]$/, ''));
      } else if (isNumber(input)) n = input instanceof Decimal ? decimalToNumber(input) : Number(input);
      else throw unexpected();
      return target === 'FLOAT32' ? Math.fround(n) : n;
    }
    default: {
      let n: bigint;
      if (typeof input === 'boolean') n = input ? 1n : 0n;
      else if (typeof input === 'string') {
        if (!JAVA_INTEGER.test(input)) throw outOfRange();
        n = BigInt(input);
        if (BigInt.asIntN(INT_BITS[target], n) !== n) throw outOfRange();
      } else if (isNumber(input)) n = target === 'INT64' ? toLong(input) : BigInt(toInt(input));
      else throw unexpected();
      const narrowed = BigInt.asIntN(INT_BITS[target], n);
      return target === 'INT64' ? narrowed : Number(narrowed);
    }
  }
}

/** Date, Time and Timestamp as their int representation (`Date.fromLogical` etc.); other values unchanged. */
function encodeLogical(name: string, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  const ms = value.getTime();
  if (name === LogicalNames.DATE) return Math.floor(ms / 86_400_000);
  if (name === LogicalNames.TIME) return ms;
  if (name === LogicalNames.TIMESTAMP) return BigInt(ms);
  return value;
}

function isNumber(value: unknown): value is number | bigint | Decimal {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof Decimal;
}

/** `Number.intValue()`: a double saturates at the int range (NaN is 0), integers keep their low 32 bits. */
function toInt(value: number | bigint | Decimal): number {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 0;
    return Math.trunc(Math.min(INT32_MAX, Math.max(INT32_MIN, value)));
  }
  return Number(BigInt.asIntN(32, typeof value === 'bigint' ? value : decimalToBigInt(value)));
}

/** `Number.longValue()`: a double saturates at the long range (NaN is 0), integers keep their low 64 bits. */
function toLong(value: number | bigint | Decimal): bigint {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 0n;
    if (value >= 2 ** 63) return INT64_MAX;
    if (value <= -(2 ** 63)) return INT64_MIN;
    return BigInt(Math.trunc(value));
  }
  return BigInt.asIntN(64, typeof value === 'bigint' ? value : decimalToBigInt(value));
}

/** `Cast.castToString`: dates as `Values.dateFormatFor`, bytes as base64, anything else as Java's `toString`. */
function castToString(value: unknown, type: SchemaType): string {
  if (value instanceof Date) return javaDateText(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Decimal) return javaBigDecimalText(value);
  if (typeof value === 'number') {
    if (type === 'FLOAT32') return javaFloatText(value);
    return type === 'FLOAT64' ? javaDoubleText(value) : String(value);
  }
  return String(value);
}
