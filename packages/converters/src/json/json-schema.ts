import { DataError, type Schema, SchemaBuilder, type SchemaType } from '@sinkkit/core';
import { JsonNumber, type JsonOut, type JsonValue } from './json-text.js';

/*
 * The schema half of Kafka Connect's JSON envelope, `{"schema": ..., "payload": ...}`, as
 * Connect's JsonConverter.asJsonSchema / asConnectSchema and JsonSchema write and read it
 * (apache/kafka connect/json/src/main/java/org/apache/kafka/connect/json/JsonConverter.java).
 * Keys are written in Connect's order (type, items|keys,values|fields, optional, name, version,
 * doc, parameters, default) so an envelope from sinkkit reads like one from Connect.
 */

const TYPE_NAMES: Readonly<Record<SchemaType, string>> = {
  BOOLEAN: 'boolean',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BYTES: 'bytes',
  STRING: 'string',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
};
const TYPES_BY_NAME = new Map(Object.entries(TYPE_NAMES).map(([type, name]) => [name, type as SchemaType]));

type JsonObject = { [key: string]: JsonValue };

/** Writes a Connect schema as Connect's envelope `schema` object; `toJsonValue` writes defaults. */
export function schemaToJson(schema: Schema, toJsonValue: (schema: Schema, value: unknown) => JsonOut): JsonOut {
  const out: Record<string, JsonOut | undefined> = { type: TYPE_NAMES[schema.type] };
  if (schema.type === 'ARRAY' && schema.valueSchema) out.items = schemaToJson(schema.valueSchema, toJsonValue);
  if (schema.type === 'MAP' && schema.keySchema && schema.valueSchema) {
    out.keys = schemaToJson(schema.keySchema, toJsonValue);
    out.values = schemaToJson(schema.valueSchema, toJsonValue);
  }
  if (schema.type === 'STRUCT') {
    // Connect appends "field" after the field schema's own keys.
    out.fields = schema.fields.map((f) => ({
      ...(schemaToJson(f.schema, toJsonValue) as Record<string, JsonOut>),
      field: f.name,
    }));
  }
  out.optional = schema.optional;
  if (schema.name !== null) out.name = schema.name;
  if (schema.version !== null) out.version = schema.version;
  if (schema.doc !== null) out.doc = schema.doc;
  if (schema.parameters !== null) out.parameters = { ...schema.parameters };
  if (schema.defaultValue !== null) out.default = toJsonValue(schema, schema.defaultValue);
  return out;
}

/**
 * Reads an envelope `schema` object into a Connect schema. `toConnectValue` converts the
 * `default` (against the schema without its default, as Connect converts it with the builder).
 */
export function schemaFromJson(
  node: JsonValue,
  toConnectValue: (schema: Schema, node: JsonValue) => unknown,
): Schema | null {
  if (node === null) return null;
  if (typeof node !== 'object' || Array.isArray(node) || node instanceof JsonNumber) {
    throw new DataError('Schema must be a JSON object with a "type" field');
  }
  const bare = builder(node, toConnectValue).build();
  if (!Object.hasOwn(node, 'default') || node.default === null) return bare;
  const defaultValue = toConnectValue(bare, node.default as JsonValue);
  return builder(node, toConnectValue).defaultValue(defaultValue).build();
}

function builder(node: JsonObject, toConnectValue: (schema: Schema, node: JsonValue) => unknown): SchemaBuilder {
  const typeName = node.type;
  if (typeof typeName !== 'string') throw new DataError("Schema must contain 'type' field");
  const type = TYPES_BY_NAME.get(typeName);
  if (!type) throw new DataError(`Unknown schema type: ${typeName}`);
  const nested = (key: string, what: string): Schema => {
    const child = node[key];
    if (child === undefined || child === null) throw new DataError(`${what} schema did not specify the ${key} type`);
    const schema = schemaFromJson(child, toConnectValue);
    if (!schema) throw new DataError(`${what} schema did not specify the ${key} type`);
    return schema;
  };
  let b: SchemaBuilder;
  if (type === 'ARRAY') b = SchemaBuilder.array(nested('items', 'Array'));
  else if (type === 'MAP') b = SchemaBuilder.map(nested('keys', 'Map'), nested('values', 'Map'));
  else if (type === 'STRUCT') {
    b = SchemaBuilder.struct();
    const fields = node.fields;
    if (!Array.isArray(fields)) throw new DataError('Struct schema\'s "fields" argument is not an array.');
    for (const field of fields) {
      const name = isObject(field) ? field.field : undefined;
      if (typeof name !== 'string') throw new DataError("Struct schema's field name not specified properly");
      const schema = schemaFromJson(field, toConnectValue);
      if (schema) b.field(name, schema);
    }
  } else b = SchemaBuilder.type(type);

  // Connect: optional only when "optional" is literally true; everything else is required.
  if (node.optional === true) b.optional();
  if (typeof node.name === 'string') b.name(node.name);
  if (typeof node.version === 'number' && Number.isInteger(node.version)) b.version(node.version);
  if (typeof node.doc === 'string') b.doc(node.doc);
  if (isObject(node.parameters)) {
    for (const [k, v] of Object.entries(node.parameters)) {
      if (typeof v !== 'string') throw new DataError('Schema parameters must have string values.');
      b.parameter(k, v);
    }
  }
  return b;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}
