import { type Schema, type SchemaAndValue, SchemaBuilder, type SchemaType } from '@sinkkit/core';

// Numeric types in widening order, as Connect's `Values.commonSchemaFor` widens them.
const NUMERIC: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'];

/**
 * The schema of a parsed header array or map, inferred from its elements as Connect's
 * `Values` does: one element schema for all, widening numbers (an INT8 and an INT64 make
 * INT64; an integer and a float make the float), optional when a null is among them. Where
 * the elements share no schema (a string and a number), or none has one (empty, or only nulls),
 * the array or map is schemaless (`schema: null`) with the values as parsed.
 */
export const inferredSchema = {
  array(items: readonly SchemaAndValue[]): SchemaAndValue {
    const element = common(items);
    const values = items.map((i) => align(element, i));
    return { schema: element ? SchemaBuilder.array(element).build() : null, value: values };
  },

  map(entries: readonly [SchemaAndValue, SchemaAndValue][]): SchemaAndValue {
    const key = common(entries.map(([k]) => k));
    const value = common(entries.map(([, v]) => v));
    const map = new Map(entries.map(([k, v]) => [align(key, k), align(value, v)]));
    return { schema: key && value ? SchemaBuilder.map(key, value).build() : null, value: map };
  },
};

/** The one schema every non-null item fits after widening, optional if an item is null; or null. */
function common(items: readonly SchemaAndValue[]): Schema | null {
  let schema: Schema | null = null;
  let nullable = false;
  for (const item of items) {
    if (item.value === null) {
      nullable = true;
      continue;
    }
    if (item.schema === null) return null;
    if (schema === null) schema = item.schema;
    else {
      const wider = widen(schema, item.schema);
      if (wider === null) return null;
      schema = wider;
    }
  }
  if (schema === null || !nullable) return schema;
  return copyAsOptional(schema);
}

function widen(a: Schema, b: Schema): Schema | null {
  if (a.equals(b)) return a;
  const i = plainNumeric(a);
  const j = plainNumeric(b);
  if (i < 0 || j < 0) return null;
  return i >= j ? a : b;
}

/** Position of a plain (not logical) numeric schema in the widening order, or -1. */
function plainNumeric(schema: Schema): number {
  return schema.name === null ? NUMERIC.indexOf(schema.type) : -1;
}

function copyAsOptional(schema: Schema): Schema {
  if (schema.optional) return schema;
  const builder =
    schema.type === 'ARRAY'
      ? SchemaBuilder.array(schema.valueSchema as Schema)
      : schema.type === 'MAP'
        ? SchemaBuilder.map(schema.keySchema as Schema, schema.valueSchema as Schema)
        : SchemaBuilder.type(schema.type);
  if (schema.name !== null) builder.name(schema.name);
  if (schema.version !== null) builder.version(schema.version);
  if (schema.parameters !== null) builder.parameters(schema.parameters);
  return builder.optional().build();
}

/** `item`'s value as `schema` holds it: integers widened to INT64 become bigints, to floats numbers. */
function align(schema: Schema | null, item: SchemaAndValue): unknown {
  const value = item.value;
  if (schema === null || value === null || item.schema?.type === schema.type) return value;
  if (schema.type === 'INT64') return BigInt(value as number);
  if (schema.type === 'FLOAT32' || schema.type === 'FLOAT64') return Number(value);
  return value;
}
