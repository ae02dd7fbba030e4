import { Schema, SchemaBuilder, SinkRecord, Struct } from '@sinkkit/core';

/**
 * Versions of one `User` value schema, the evolutions the compatibility modes are about:
 * - v1: id, name;
 * - v2: adds `country` with a default (backward and forward compatible with v1);
 * - v3: adds `email`, required and without default (v1/v2 records cannot be projected onto it);
 * - dropName (version 2): removes the required `name` (a v1 file cannot take its records);
 * - idAsText (version 2): `id` becomes a string (no projection either way).
 */
const user = (version: number) => SchemaBuilder.struct().name('User').version(version);
export const v1 = user(1).field('id', Schema.INT64_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
export const v2 = user(2)
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('country', SchemaBuilder.string().defaultValue('unknown').build())
  .build();
export const v3 = user(3)
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('country', SchemaBuilder.string().defaultValue('unknown').build())
  .field('email', Schema.STRING_SCHEMA)
  .build();
export const dropName = user(2).field('id', Schema.INT64_SCHEMA).build();
export const idAsText = user(2).field('id', Schema.STRING_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
export const unversioned = SchemaBuilder.struct()
  .name('User')
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .build();

/** A value of `schema` for offset `offset`: every field the schema has, derived from the offset. */
export function userValue(schema: Schema, offset: number): Struct {
  const struct = new Struct(schema);
  for (const field of schema.fields) {
    const value =
      field.name === 'id'
        ? field.schema.type === 'STRING'
          ? `u${offset}`
          : BigInt(offset)
        : field.name === 'name'
          ? `name-${offset}`
          : field.name === 'country'
            ? `c${offset % 3}`
            : `u${offset}@example.com`;
    struct.put(field.name, value);
  }
  return struct;
}

/** Records of `topic`-0 at offsets 0.., the i-th of value schema `schemas[i]`. */
export function userRecords(topic: string, schemas: readonly (Schema | null)[]): SinkRecord[] {
  return schemas.map(
    (schema, offset) =>
      new SinkRecord({
        topic,
        kafkaPartition: 0,
        kafkaOffset: offset,
        valueSchema: schema,
        value: schema ? userValue(schema, offset) : { id: offset, name: `name-${offset}` },
        timestamp: Date.UTC(2024, 0, 1) + offset,
      }),
  );
}
