import { compileAvroToConnect } from '@sinkkit/converters';
import {
  ConfigDef,
  ConfigError,
  DataError,
  DateSchema,
  type PluginConfigs,
  type Schema,
  SchemaBuilder,
  TimestampSchema,
} from '@sinkkit/core';

/** The schemaless settings Avro and Parquet share. */
export const schemalessConfigDef = () =>
  new ConfigDef()
    .define('format.schemaless.schema', {
      type: 'string',
      default: '',
      doc: 'For records without a value schema (schemaless JSON): the schema to write them with, as an Avro schema (JSON with "type": "record") or a JSON Schema (JSON with "properties"). Empty (default): inferred from the first format.schemaless.infer.records records of each file, widening int to double and making every field optional.',
    })
    .define('format.schemaless.infer.records', {
      type: 'int',
      default: 1000,
      doc: 'How many records of a file are held to infer its schema when format.schemaless.schema is empty. A later record that does not fit the inferred schema is a DataError.',
    });

/** The configured schemaless schema, or `null` to infer; throws a `ConfigError` naming the key. */
export function parseSchemalessSchema(config: PluginConfigs): Schema | null {
  const text = schemalessConfigDef().parse(config).get('format.schemaless.schema');
  if (!text) return null;
  const fail = (reason: string) =>
    new ConfigError({ key: 'format.schemaless.schema', value: text.slice(0, 80), reason });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON: ${(error as Error).message}`);
  }
  try {
    const object = json as Record<string, unknown>;
    const schema =
      'properties' in object || '$schema' in object
        ? fromJsonSchema(object, '', true)
        : compileAvroToConnect(json as never).schema;
    if (schema.type !== 'STRUCT') throw new DataError(`the top level must be a record / object, got ${schema.type}`);
    return schema;
  } catch (error) {
    throw fail((error as Error).message);
  }
}

/** How many records to infer from. */
export function parseInferRecords(config: PluginConfigs): number {
  return Math.max(1, schemalessConfigDef().parse(config).get('format.schemaless.infer.records'));
}

/*
 * JSON Schema → Connect: object with properties → struct (fields in `required` are required),
 * object with only additionalProperties → map of string keys, array → array of `items`,
 * integer → INT64, number → FLOAT64, boolean, string (format date-time → Timestamp, date → Date,
 * contentEncoding base64 → bytes); a type list with "null" → optional.
 */
function fromJsonSchema(node: Record<string, unknown>, path: string, required: boolean): Schema {
  const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
  const nonNull = types.filter((t) => t !== 'null');
  const optional = !required || types.includes('null');
  if (nonNull.length !== 1)
    throw new DataError(`${path || 'the root'}: need exactly one non-null type, got ${JSON.stringify(node.type)}`);
  const builder = jsonSchemaBuilder(nonNull[0] as string, node, path);
  return (optional ? builder.optional() : builder).build();
}

function jsonSchemaBuilder(type: string, node: Record<string, unknown>, path: string): SchemaBuilder {
  switch (type) {
    case 'integer':
      return SchemaBuilder.int64();
    case 'number':
      return SchemaBuilder.float64();
    case 'boolean':
      return SchemaBuilder.bool();
    case 'string':
      if (node.format === 'date-time') return TimestampSchema.builder();
      if (node.format === 'date') return DateSchema.builder();
      return node.contentEncoding === 'base64' ? SchemaBuilder.bytes() : SchemaBuilder.string();
    case 'array':
      return SchemaBuilder.array(fromJsonSchema((node.items ?? {}) as Record<string, unknown>, `${path}[]`, false));
    case 'object': {
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      if (!properties && node.additionalProperties && typeof node.additionalProperties === 'object') {
        const values = fromJsonSchema(node.additionalProperties as Record<string, unknown>, `${path}{}`, false);
        return SchemaBuilder.map(SchemaBuilder.string().build(), values);
      }
      const required = new Set((node.required as string[] | undefined) ?? []);
      const builder = SchemaBuilder.struct();
      for (const [name, child] of Object.entries(properties ?? {})) {
        builder.field(name, fromJsonSchema(child, path ? `${path}.${name}` : name, required.has(name)));
      }
      return builder;
    }
    default:
      throw new DataError(`${path || 'the root'}: unsupported JSON Schema type ${JSON.stringify(type)}`);
  }
}
