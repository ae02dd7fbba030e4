import {
  DataError,
  DateSchema,
  Decimal,
  DecimalSchema,
  LogicalNames,
  type Schema,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import { JsonNumber, type JsonOut, type JsonValue, RawNumber } from './json-text.js';

/** How decimals are written: Connect's `decimal.format`. */
export type DecimalFormat = 'BASE64' | 'NUMERIC';

export interface JsonValueOptions {
  decimalFormat: DecimalFormat;
  /** Connect's `replace.null.with.default`: a null with a schema default becomes the default. */
  replaceNullWithDefault: boolean;
}

/*
 * The payload half of Connect's JSON envelope, following JsonConverter.convertToConnect /
 * convertToJson (apache/kafka connect/json/.../JsonConverter.java). One deliberate difference:
 * where Jackson coerces silently (a string read as a boolean is `false`, 300 read as an INT8
 * wraps to 44, 1.5 read as an INT32 is 1), this is a DataError, so bad data reaches
 * errors.tolerance instead of being stored wrong.
 */

const INT_RANGES = { INT8: 2 ** 7, INT16: 2 ** 15, INT32: 2 ** 31 } as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** JSON → Connect data. `schema` null reads schemaless JSON (integers as bigint, as Connect's Long). */
export function jsonToConnect(schema: Schema | null, node: JsonValue | undefined, options: JsonValueOptions): unknown {
  if (node === undefined || node === null) {
    if (schema === null) return null;
    if (schema.defaultValue !== null && options.replaceNullWithDefault) return schema.defaultValue;
    if (schema.optional) return null;
    throw new DataError(`Invalid null value for required ${schema.type} field`);
  }
  if (schema === null) return schemaless(node);
  switch (schema.name) {
    case LogicalNames.DECIMAL:
      return toDecimal(schema, node);
    case LogicalNames.DATE:
      return DateSchema.toLogical(schema, toInt(schema, node));
    case LogicalNames.TIME:
      return TimeSchema.toLogical(schema, toInt(schema, node));
    case LogicalNames.TIMESTAMP:
      return TimestampSchema.toLogical(schema, toInt64(schema, node));
  }
  switch (schema.type) {
    case 'BOOLEAN':
      if (typeof node !== 'boolean') throw mismatch(schema, node);
      return node;
    case 'INT8':
    case 'INT16':
    case 'INT32':
      return toInt(schema, node);
    case 'INT64':
      return toInt64(schema, node);
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof node === 'number') return node;
      if (node instanceof JsonNumber) return Number(node.text);
      throw mismatch(schema, node);
    case 'STRING':
      if (typeof node !== 'string') throw mismatch(schema, node);
      return node;
    case 'BYTES':
      return toBytes(schema, node);
    case 'ARRAY': {
      if (!Array.isArray(node)) throw mismatch(schema, node);
      const element = schema.valueSchema;
      return node.map((item) => jsonToConnect(element, item, options));
    }
    case 'MAP':
      return toMap(schema, node, options);
    case 'STRUCT': {
      if (!isObject(node)) throw new DataError(`Structs should be encoded as JSON objects, but found ${kind(node)}`);
      const struct = new Struct(schema);
      for (const field of schema.fields) {
        const value = Object.hasOwn(node, field.name) ? node[field.name] : undefined;
        struct.put(field.name, jsonToConnect(field.schema, value, options));
      }
      return struct;
    }
  }
}

/** Connect data → JSON. `schema` null writes the value by its JavaScript type. */
export function connectToJson(schema: Schema | null, value: unknown, options: JsonValueOptions): JsonOut {
  if (value === null || value === undefined) {
    if (schema === null) return null;
    if (schema.defaultValue !== null && options.replaceNullWithDefault)
      return connectToJson(schema, schema.defaultValue, options);
    if (schema.optional) return null;
    throw new DataError('Conversion error: null value for field that is required and has no default value');
  }
  if (schema === null) return schemalessToJson(value, options);
  switch (schema.name) {
    case LogicalNames.DECIMAL: {
      if (!(value instanceof Decimal)) throw wrongType(schema, value);
      return options.decimalFormat === 'NUMERIC'
        ? new RawNumber(value.toString())
        : Buffer.from(DecimalSchema.fromLogical(schema, value)).toString('base64');
    }
    case LogicalNames.DATE:
      return DateSchema.fromLogical(schema, value as Date);
    case LogicalNames.TIME:
      return TimeSchema.fromLogical(schema, value as Date);
    case LogicalNames.TIMESTAMP:
      return new RawNumber(TimestampSchema.fromLogical(schema, value as Date).toString());
  }
  switch (schema.type) {
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw wrongType(schema, value);
      return value;
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value !== 'number') throw wrongType(schema, value);
      return value;
    case 'INT64':
      if (typeof value === 'bigint') return new RawNumber(value.toString());
      if (Number.isSafeInteger(value)) return value as number;
      throw wrongType(schema, value);
    case 'STRING':
      if (typeof value !== 'string') throw wrongType(schema, value);
      return value;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw wrongType(schema, value);
      return base64(value);
    case 'ARRAY':
      if (!Array.isArray(value)) throw wrongType(schema, value);
      return value.map((v) => connectToJson(schema.valueSchema, v, options));
    case 'MAP': {
      const entries = mapEntries(schema, value);
      const keySchema = schema.keySchema as Schema;
      if (keySchema.type === 'STRING') {
        const out: Record<string, JsonOut> = {};
        for (const [k, v] of entries) out[String(k)] = connectToJson(schema.valueSchema, v, options);
        return out;
      }
      // Non-string keys: a JSON array of [key, value] pairs, as Connect writes them.
      return entries.map(([k, v]) => [
        connectToJson(keySchema, k, options),
        connectToJson(schema.valueSchema, v, options),
      ]);
    }
    case 'STRUCT': {
      if (!(value instanceof Struct)) throw wrongType(schema, value);
      if (!value.schema.equals(schema)) throw new DataError('Mismatching schema.');
      const out: Record<string, JsonOut> = {};
      for (const f of schema.fields) out[f.name] = connectToJson(f.schema, value.get(f.name), options);
      return out;
    }
  }
}

function schemaless(node: JsonValue): unknown {
  if (node === null) return null;
  if (typeof node === 'number') return Number.isInteger(node) ? BigInt(node) : node;
  if (node instanceof JsonNumber) return node.integral ? BigInt(node.text) : Number(node.text);
  if (Array.isArray(node)) return node.map(schemaless);
  if (typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      Object.defineProperty(out, k, { value: schemaless(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return node;
}

function schemalessToJson(value: unknown, options: JsonValueOptions): JsonOut {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
    case 'number':
      return value;
    case 'bigint':
      return new RawNumber(value.toString());
  }
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map((v) => schemalessToJson(v, options));
  if (value instanceof Struct) return connectToJson(value.schema, value, options);
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.every(([k]) => typeof k === 'string')) {
      return Object.fromEntries(entries.map(([k, v]) => [k, schemalessToJson(v, options)]));
    }
    return entries.map(([k, v]) => [schemalessToJson(k, options), schemalessToJson(v, options)]);
  }
  if (value instanceof Date || value instanceof Decimal) {
    // Connect has no schema type for java.util.Date / BigDecimal without a schema either.
    throw new DataError(`${value.constructor.name} values need a schema (a logical type) to be written as JSON`);
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonOut> = {};
    for (const [k, v] of Object.entries(value)) out[k] = schemalessToJson(v, options);
    return out;
  }
  throw new DataError(`${describe(value)} has no corresponding schema type`);
}

function toInt(schema: Schema, node: JsonValue): number {
  const n = typeof node === 'number' ? node : node instanceof JsonNumber && node.integral ? Number(node.text) : NaN;
  const bound = INT_RANGES[schema.type as keyof typeof INT_RANGES] ?? INT_RANGES.INT32;
  if (!Number.isInteger(n) || n < -bound || n >= bound) throw mismatch(schema, node);
  return n;
}

function toInt64(schema: Schema, node: JsonValue): bigint {
  let n: bigint | undefined;
  if (typeof node === 'number' && Number.isSafeInteger(node)) n = BigInt(node);
  else if (node instanceof JsonNumber && node.integral) n = BigInt(node.text);
  if (n === undefined || n !== BigInt.asIntN(64, n)) throw mismatch(schema, node);
  return n;
}

function toBytes(schema: Schema, node: JsonValue): Uint8Array {
  if (typeof node !== 'string') throw mismatch(schema, node);
  if (!BASE64.test(node)) throw new DataError(`Invalid bytes field: not base64 (${schema})`);
  return new Uint8Array(Buffer.from(node, 'base64'));
}

function toDecimal(schema: Schema, node: JsonValue): Decimal {
  const scale = DecimalSchema.scaleOf(schema);
  // Either format is read whatever decimal.format says, as Connect does.
  if (typeof node === 'number') return Decimal.parse(String(node)).rescale(scale);
  if (node instanceof JsonNumber) return Decimal.parse(node.text).rescale(scale);
  if (typeof node === 'string') return DecimalSchema.toLogical(schema, toBytes(schema, node));
  throw new DataError(
    `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${kind(node)}`,
  );
}

function toMap(schema: Schema, node: JsonValue, options: JsonValueOptions): Map<unknown, unknown> {
  const keySchema = schema.keySchema as Schema;
  const out = new Map<unknown, unknown>();
  if (keySchema.type === 'STRING') {
    if (!isObject(node))
      throw new DataError(`Maps with string fields should be encoded as JSON objects, but found ${kind(node)}`);
    for (const [k, v] of Object.entries(node)) out.set(k, jsonToConnect(schema.valueSchema, v, options));
    return out;
  }
  if (!Array.isArray(node)) {
    throw new DataError(
      `Maps with non-string fields should be encoded as JSON array of tuples, but found ${kind(node)}`,
    );
  }
  for (const entry of node) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new DataError('Found invalid map entry: expected a JSON array of two elements [key, value]');
    }
    out.set(jsonToConnect(keySchema, entry[0], options), jsonToConnect(schema.valueSchema, entry[1], options));
  }
  return out;
}

function mapEntries(schema: Schema, value: unknown): [unknown, unknown][] {
  if (value instanceof Map) return [...value.entries()];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.entries(value);
  throw wrongType(schema, value);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function isObject(node: JsonValue): node is { [key: string]: JsonValue } {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof JsonNumber);
}

function kind(node: JsonValue): string {
  if (node === null) return 'NULL';
  if (Array.isArray(node)) return 'ARRAY';
  if (node instanceof JsonNumber || typeof node === 'number') return 'NUMBER';
  if (typeof node === 'object') return 'OBJECT';
  return typeof node === 'string' ? 'STRING' : 'BOOLEAN';
}

function mismatch(schema: Schema, node: JsonValue): DataError {
  const shown = node instanceof JsonNumber ? node.text : JSON.stringify(node);
  const text = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return new DataError(`Invalid JSON ${kind(node)} ${text} for schema ${schema}`);
}

function wrongType(schema: Schema, value: unknown): DataError {
  return new DataError(`Invalid type for ${schema.type}: ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
