import { type Schema, SchemaBuilder } from '@sinkkit/core';

/**
 * A builder for a STRUCT schema with `schema`'s name, version, doc, parameters and optionality
 * but no fields yet (Kafka's `SchemaUtil.copySchemaBasics`). The default is not copied: it
 * belongs to the old field layout. `optional: false` leaves the new schema required, as
 * Kafka's helper (which never copies optionality) does for Flatten.
 */
export function copySchemaBasics(
  schema: Schema,
  builder: SchemaBuilder = SchemaBuilder.struct(),
  { optional = true }: { optional?: boolean } = {},
): SchemaBuilder {
  if (schema.name !== null) builder.name(schema.name);
  if (schema.version !== null) builder.version(schema.version);
  if (schema.doc !== null) builder.doc(schema.doc);
  if (schema.parameters !== null) builder.parameters(schema.parameters);
  if (optional && schema.optional) builder.optional();
  return builder;
}

/**
 * Remembers one derived schema per input schema, as Kafka's SMTs cache their updated schemas:
 * records of one topic share a schema object, so the new schema is built once.
 */
export class SchemaCache {
  readonly #cache = new WeakMap<Schema, Schema>();

  get(schema: Schema, build: (schema: Schema) => Schema): Schema {
    let derived = this.#cache.get(schema);
    if (derived === undefined) {
      derived = build(schema);
      this.#cache.set(schema, derived);
    }
    return derived;
  }
}
