import { DataError, Decimal, type Schema, SchemaBuilder, Struct } from '@sinkkit/core';

/*
 * Infers a Connect schema for schemaless values (plain JSON objects, Maps) so they can be
 * written as Avro or Parquet, widening across the sample: integer → INT64, any fraction →
 * FLOAT64 (an INT64 field that also saw a fraction widens to FLOAT64), a key missing from some
 * values or null in some → optional, objects → structs whose fields are the union of the keys
 * seen (in first-seen order), arrays → arrays of the widened element. Every field is optional:
 * a later record may leave any of them out. Irreconcilable types (a string and a number under
 * one key) are a DataError, as is a value with no information (only nulls or empty arrays).
 */

type Shape =
  | { kind: 'null' }
  | { kind: 'int' | 'float' | 'bool' | 'string' | 'bytes' | 'timestamp' | 'decimal' }
  | { kind: 'array'; items: Shape }
  | { kind: 'struct'; fields: Map<string, Shape> };

const NULL: Shape = { kind: 'null' };

/** The widest Connect schema every one of `values` fits; see the module comment for the rules. */
export function inferSchema(values: readonly unknown[]): Schema {
  let shape: Shape = NULL;
  values.forEach((value, index) => {
    try {
      const own = shapeOf(value);
      if (own.kind !== 'struct' && own.kind !== 'null') {
        throw new DataError(`Cannot infer a schema: schemaless values must be objects, got ${own.kind}`);
      }
      shape = widen(shape, own, '');
    } catch (error) {
      throw new InferenceError(index, error);
    }
  });
  if (shape.kind !== 'struct') throw new DataError('Cannot infer a schema: every schemaless value is null');
  return toSchema(shape, '', false);
}

/** The value at `index` is the first that does not fit what the values before it had in common. */
export class InferenceError extends DataError {
  readonly index: number;
  constructor(index: number, cause: unknown) {
    super(cause instanceof DataError ? cause.reason : String(cause), { cause });
    this.index = index;
  }
}

function shapeOf(value: unknown): Shape {
  if (value === null || value === undefined) return NULL;
  switch (typeof value) {
    case 'number':
      return { kind: Number.isInteger(value) ? 'int' : 'float' };
    case 'bigint':
      return { kind: 'int' };
    case 'boolean':
      return { kind: 'bool' };
    case 'string':
      return { kind: 'string' };
  }
  if (value instanceof Uint8Array) return { kind: 'bytes' };
  if (value instanceof Date) return { kind: 'timestamp' };
  if (value instanceof Decimal)
    throw new DataError('Cannot infer a schema for a schemaless Decimal; configure format.schemaless.schema');
  if (Array.isArray(value))
    return { kind: 'array', items: value.reduce<Shape>((s, v, i) => widen(s, shapeOf(v), `[${i}]`), NULL) };
  if (value instanceof Struct) throw new DataError('A Struct value needs its schema on the record');
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  return { kind: 'struct', fields: new Map(entries.map(([k, v]) => [String(k), shapeOf(v)])) };
}

function widen(a: Shape, b: Shape, path: string): Shape {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === b.kind && a.kind !== 'array' && a.kind !== 'struct') return a;
  if ((a.kind === 'int' && b.kind === 'float') || (a.kind === 'float' && b.kind === 'int')) return { kind: 'float' };
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', items: widen(a.items, b.items, `${path}[]`) };
  if (a.kind === 'struct' && b.kind === 'struct') {
    const fields = new Map(a.fields);
    for (const [k, v] of b.fields) fields.set(k, widen(fields.get(k) ?? NULL, v, path ? `${path}.${k}` : k));
    return { kind: 'struct', fields };
  }
  throw new DataError(
    `Cannot infer a schema: field ${path || '(value)'} is both ${a.kind} and ${b.kind}; configure format.schemaless.schema`,
  );
}

function toSchema(shape: Shape, path: string, optional: boolean): Schema {
  const builder = builderOf(shape, path);
  return (optional ? builder.optional() : builder).build();
}

function builderOf(shape: Shape, path: string): SchemaBuilder {
  switch (shape.kind) {
    case 'int':
      return SchemaBuilder.int64();
    case 'float':
      return SchemaBuilder.float64();
    case 'bool':
      return SchemaBuilder.bool();
    case 'string':
      return SchemaBuilder.string();
    case 'bytes':
      return SchemaBuilder.bytes();
    case 'timestamp':
      return SchemaBuilder.int64().name('org.apache.kafka.connect.data.Timestamp').version(1);
    case 'array':
      return SchemaBuilder.array(toSchema(shape.items, `${path}[]`, true));
    case 'struct': {
      const builder = SchemaBuilder.struct();
      for (const [name, field] of shape.fields)
        builder.field(name, toSchema(field, path ? `${path}.${name}` : name, true));
      return builder;
    }
    default:
      throw new DataError(
        `Cannot infer a type for ${path || '(value)'}: only nulls or empty arrays were seen; configure format.schemaless.schema`,
      );
  }
}
