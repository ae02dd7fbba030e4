import { type Schema, Struct } from '@sinkkit/core';

/**
 * A Struct of `schema` holding `from`'s value of every field `schema` shares with it (by name);
 * a null field reads as its default unless `withDefaults` is false (`replace.null.with.default`).
 */
export function copyStruct(from: Struct, schema: Schema, withDefaults = true): Struct {
  const to = new Struct(schema);
  for (const field of schema.fields)
    if (from.schema.field(field.name))
      to.put(field.name, withDefaults ? from.get(field.name) : from.getWithoutDefault(field.name));
  return to;
}
