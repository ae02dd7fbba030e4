import { DataError } from '../errors/data-error.js';
import type { Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
import { Struct } from './struct.js';
import { valuesEqual } from './values-equal.js';

/** Numeric types in widening order: each may be projected to any type after it. */
const NUMERIC: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'];

/** Stable code of every projection failure (a {@link DataError}). */
export const SCHEMA_PROJECTION_ERROR = 'SCHEMA_PROJECTION';

/**
 * Whether a value of numeric type `source` can be widened to `target` (INT8 → … → FLOAT64,
 * never narrowed). Equal types are not "promotable": they need no conversion.
 */
export function isPromotable(source: SchemaType, target: SchemaType): boolean {
  const from = NUMERIC.indexOf(source);
  const to = NUMERIC.indexOf(target);
  return from >= 0 && to > from;
}

/**
 * Projects a value of schema `source` onto the compatible schema `target`, as Kafka Connect's
 * `org.apache.kafka.connect.data.SchemaProjector` does. What converts:
 *
 * - a struct field the target lacks is dropped; a target field the source lacks is left unset
 *   when optional, takes the target's default when it has one, and otherwise fails;
 * - numbers widen (INT8 → INT16 → INT32 → INT64 → FLOAT32 → FLOAT64; INT64 values are bigints);
 * - an optional source projected onto a required target takes the target's default for null
 *   and fails when the target has none;
 * - arrays and maps project element by element (a map keeps its representation: `Map` or object).
 *
 * At every level the types must be equal or promotable, and the schema names and parameters
 * equal (so a logical type never turns into another): otherwise a {@link DataError} with code
 * `SCHEMA_PROJECTION` says which field failed and why. Versions and docs are not compared.
 */
export function projectValue(source: Schema, value: unknown, target: Schema): unknown {
  checkMaybeCompatible(source, target);
  const present = value !== null && value !== undefined;
  if (source.optional && !target.optional) {
    if (target.defaultValue === null || target.defaultValue === undefined) {
      throw projectionError('the source schema is optional but the target schema is required and has no default');
    }
    return present ? projectRequired(source, value, target) : target.defaultValue;
  }
  return present ? projectRequired(source, value, target) : null;
}

function projectRequired(source: Schema, value: unknown, target: Schema): unknown {
  switch (target.type) {
    case 'STRUCT':
      return projectStruct(source, value as Struct, target);
    case 'ARRAY':
      return (value as unknown[]).map((v) =>
        projectValue(source.valueSchema as Schema, v, target.valueSchema as Schema),
      );
    case 'MAP':
      return projectMap(source, value, target);
    default:
      return projectPrimitive(source, value, target);
  }
}

function projectStruct(source: Schema, struct: Struct, target: Schema): Struct {
  const out = new Struct(target);
  for (const field of target.fields) {
    const from = source.field(field.name);
    if (from) {
      let projected: unknown;
      try {
        projected = projectValue(from.schema, struct.get(field.name), field.schema);
      } catch (error) {
        throw projectionError(`field ${JSON.stringify(field.name)}: ${reasonOf(error)}`, error);
      }
      out.put(field.name, projected);
    } else if (field.schema.optional) {
      // Left unset: reads as the field's default, if any, like any unset optional field.
    } else if (field.schema.defaultValue !== null && field.schema.defaultValue !== undefined) {
      out.put(field.name, field.schema.defaultValue);
    } else {
      throw projectionError(`required field ${JSON.stringify(field.name)} is missing from the source schema ${source}`);
    }
  }
  return out;
}

function projectMap(source: Schema, value: unknown, target: Schema): unknown {
  const keyOf = (k: unknown) => projectValue(source.keySchema as Schema, k, target.keySchema as Schema);
  const entryValue = (v: unknown) => projectValue(source.valueSchema as Schema, v, target.valueSchema as Schema);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [keyOf(k), entryValue(v)]));
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [keyOf(k), entryValue(v)]));
}

function projectPrimitive(source: Schema, value: unknown, target: Schema): unknown {
  if (!isPromotable(source.type, target.type) || (typeof value !== 'number' && typeof value !== 'bigint')) {
    return value;
  }
  switch (target.type) {
    case 'INT16':
    case 'INT32':
      return value; // a smaller integer is already a valid number of the wider type
    case 'INT64':
      return BigInt(value);
    case 'FLOAT32':
      return Math.fround(Number(value));
    default:
      return Number(value); // FLOAT64
  }
}

function checkMaybeCompatible(source: Schema, target: Schema): void {
  if (source.type !== target.type && !isPromotable(source.type, target.type)) {
    throw projectionError(`type mismatch: source ${source.type}, target ${target.type}`);
  }
  if (source.name !== target.name) {
    throw projectionError(`name mismatch: source ${source.name}, target ${target.name}`);
  }
  if (!valuesEqual(source.parameters, target.parameters)) {
    throw projectionError(
      `parameters differ: source ${JSON.stringify(source.parameters)}, target ${JSON.stringify(target.parameters)}`,
    );
  }
}

function projectionError(reason: string, cause?: unknown): DataError {
  return new DataError(`Cannot project to the target schema: ${reason}`, { code: SCHEMA_PROJECTION_ERROR, cause });
}

function reasonOf(error: unknown): string {
  if (!(error instanceof DataError)) return String(error);
  return error.reason.replace(/^Cannot project to the target schema: /, '');
}

/** Kafka Connect's `SchemaProjector` under its familiar name: `SchemaProjector.project(source, value, target)`. */
export const SchemaProjector = Object.freeze({ project: projectValue, isPromotable });
