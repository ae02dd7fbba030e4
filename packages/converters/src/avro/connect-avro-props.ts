import {
  DateSchema,
  Decimal,
  DecimalSchema,
  LogicalNames,
  type Schema,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import { FIELD_DEFAULT_FLAG, UNION } from './avro-names.js';
import { type AvroNode, type AvroObject, isNamedNode } from './avro-schema-text.js';

/*
 * The Connect metadata Confluent's AvroData (confluentinc/schema-registry,
 * avro-data/src/main/java/io/confluent/connect/avro/AvroData.java, fromConnectSchema with
 * connect.meta.data=true, the storage connectors' default) puts on every non-union Avro type,
 * and the JSON form of Connect defaults (defaultValueFromConnect).
 */

/**
 * The `connect.*` properties of `schema`'s Avro type, in AvroData's order: `connect.doc`,
 * `connect.version`, `connect.parameters` (every parameter but
 * `io.confluent.connect.avro.field.default`, left out when none is left), `connect.default`
 * (unless that flag parameter is set), `connect.name`, and `connect.type` for INT8 / INT16.
 */
export function connectMetadata(schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (schema.doc !== null) out['connect.doc'] = schema.doc;
  if (schema.version !== null) out['connect.version'] = schema.version;
  const params = schema.parameters;
  if (params) {
    const kept = Object.fromEntries(Object.entries(params).filter(([k]) => k !== FIELD_DEFAULT_FLAG));
    if (Object.keys(kept).length > 0) out['connect.parameters'] = kept;
  }
  if (schema.defaultValue !== null && !(params && FIELD_DEFAULT_FLAG in params)) {
    out['connect.default'] = defaultJson(schema, schema.defaultValue);
  }
  if (schema.name !== null) out['connect.name'] = schema.name;
  if (schema.type === 'INT8' || schema.type === 'INT16') out['connect.type'] = schema.type.toLowerCase();
  return out;
}

/** Parameters whose key starts with `avro`, copied as Avro properties (AvroData does the same). */
export function avroParameterProps(schema: Schema): Record<string, string> {
  return Object.fromEntries(Object.entries(schema.parameters ?? {}).filter(([k]) => k.startsWith('avro')));
}

/**
 * A Connect value as Avro JSON (AvroData.defaultValueFromConnect): logical values in their
 * Avro form, bytes as ISO-8859-1 text, longs as bigint, maps with string keys as objects and
 * other maps as `[[key, value], ...]`, structs as objects of every field (a field's own default
 * where unset), and a `io.confluent.connect.avro.Union` struct as its first field's value.
 */
export function defaultJson(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case LogicalNames.DECIMAL:
      if (value instanceof Decimal) return latin1(DecimalSchema.fromLogical(schema, value));
      break;
    case LogicalNames.DATE:
      if (value instanceof Date) return DateSchema.fromLogical(schema, value);
      break;
    case LogicalNames.TIME:
      if (value instanceof Date) return TimeSchema.fromLogical(schema, value);
      break;
    case LogicalNames.TIMESTAMP:
      if (value instanceof Date) return TimestampSchema.fromLogical(schema, value);
      break;
  }
  switch (schema.type) {
    case 'INT64':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'BYTES':
      return latin1(value as Uint8Array);
    case 'ARRAY':
      return (value as unknown[]).map((v) => defaultJson(schema.valueSchema as Schema, v));
    case 'MAP': {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      if (stringKeyed(schema)) {
        return Object.fromEntries(entries.map(([k, v]) => [k, defaultJson(schema.valueSchema as Schema, v)]));
      }
      return entries.map(([k, v]) => [
        defaultJson(schema.keySchema as Schema, k),
        defaultJson(schema.valueSchema as Schema, v),
      ]);
    }
    case 'STRUCT': {
      const struct = value as Struct;
      if (!(struct instanceof Struct)) return value;
      const out: Record<string, unknown> = {};
      for (const field of schema.fields) {
        const json = defaultJson(field.schema, struct.get(field.name));
        if (schema.name === UNION) return json;
        out[field.name] = json;
      }
      return out;
    }
    default:
      return value;
  }
}

/** Whether a Connect MAP is written as an Avro map (a required string key) rather than MapEntry records. */
export function stringKeyed(schema: Schema): boolean {
  return schema.keySchema?.type === 'STRING' && !schema.keySchema.optional;
}

/**
 * Whether `json` is a valid default for `node` (Avro Java's `Schema.isValidDefault`, the check
 * `new Schema.Field(...)` makes; AvroData leaves out a default that fails it). A union's
 * default belongs to its first branch, as the Avro specification says.
 */
export function isValidDefault(node: AvroNode, json: unknown): boolean {
  if (Array.isArray(node)) return node.length > 0 && isValidDefault(node[0] as AvroNode, json);
  const o = typeof node === 'string' ? { type: node } : (node as AvroObject);
  switch (o.type) {
    case 'null':
      return json === null;
    case 'boolean':
      return typeof json === 'boolean';
    case 'int':
      return typeof json === 'number' && Number.isInteger(json) && json >= -(2 ** 31) && json < 2 ** 31;
    case 'long':
      return typeof json === 'bigint' || (typeof json === 'number' && Number.isInteger(json));
    case 'float':
    case 'double':
      return typeof json === 'number' || typeof json === 'bigint';
    case 'string':
    case 'bytes':
      return typeof json === 'string';
    case 'enum':
      return typeof json === 'string' && (o.symbols as string[]).includes(json);
    case 'fixed':
      return typeof json === 'string' && json.length === Number(o.size);
    case 'array':
      return Array.isArray(json) && json.every((v) => isValidDefault(o.items as AvroNode, v));
    case 'map':
      return isObject(json) && Object.values(json).every((v) => isValidDefault(o.values as AvroNode, v));
    default:
      if (!isNamedNode(o)) return false;
      return (
        isObject(json) &&
        (o.fields as AvroObject[]).every((f) => {
          const name = String(f.name);
          if (name in json) return isValidDefault(f.type as AvroNode, json[name]);
          return 'default' in f;
        })
      );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
