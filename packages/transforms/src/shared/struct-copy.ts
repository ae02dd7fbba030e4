import { type Schema, Struct } from '@sinkkit/core';

/** A Struct of `schema` holding `from`'s value of every field `schema` shares with it (by name). */
export function copyStruct(from: Struct, schema: Schema): Struct {
  const to = new Struct(schema);
  for (const field of schema.fields) if (from.schema.field(field.name)) to.put(field.name, from.get(field.name));
  return to;
}
