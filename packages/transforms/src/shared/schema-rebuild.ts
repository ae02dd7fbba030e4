import { type Schema, SchemaBuilder } from '@sinkkit/core';

/** What {@link rebuildSchema} may change. */
export interface SchemaChanges {
  name?: string | null;
  version?: number | null;
  optional?: boolean;
  /** The new default (`null` for none); the old one when omitted. */
  defaultValue?: unknown;
}

/**
 * `schema` rebuilt with `changes` applied: same type, fields, key and value schemas, doc,
 * parameters and default (the default is dropped only when the new schema is a struct whose
 * default would carry the old schema).
 */
export function rebuildSchema(schema: Schema, changes: SchemaChanges): Schema {
  const builder =
    schema.type === 'ARRAY'
      ? SchemaBuilder.array(schema.valueSchema as Schema)
      : schema.type === 'MAP'
        ? SchemaBuilder.map(schema.keySchema as Schema, schema.valueSchema as Schema)
        : SchemaBuilder.type(schema.type);
  const name = changes.name === undefined ? schema.name : changes.name;
  const version = changes.version === undefined ? schema.version : changes.version;
  if (name !== null) builder.name(name);
  if (version !== null) builder.version(version);
  if (schema.doc !== null) builder.doc(schema.doc);
  if (schema.parameters !== null) builder.parameters(schema.parameters);
  if (changes.optional ?? schema.optional) builder.optional();
  for (const field of schema.fields) builder.field(field.name, field.schema);
  const defaultValue = changes.defaultValue === undefined ? schema.defaultValue : changes.defaultValue;
  if (
    defaultValue !== null &&
    defaultValue !== undefined &&
    (schema.type !== 'STRUCT' || changes.defaultValue !== undefined)
  )
    builder.defaultValue(defaultValue);
  return builder.build();
}
