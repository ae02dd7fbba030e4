import { DataError } from '../errors/data-error.js';
import { Decimal } from './decimal.js';
import { DECIMAL_SCALE_PARAMETER, LogicalNames, MS_PER_DAY } from './logical/logical-names.js';
import type { Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
// Struct and this module need each other (a struct holds values; a value can be a struct).
// The cycle is safe: neither touches the other at module evaluation time.
import { Struct } from './struct.js';

const INT_RANGES: Partial<Record<SchemaType, readonly [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32_768, 32_767],
  INT32: [-2_147_483_648, 2_147_483_647],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NOT_LOGICAL = Symbol('not a logical type');

/** Where a value sits and how far to look, for {@link validateValue}. */
export interface ValidateOptions {
  /** Where the value sits, e.g. `address.zip`; shown after `subject` in messages. */
  path?: string;
  /** What `path` names: `field` (default) or `header`. */
  subject?: string;
  /**
   * Check that nested structs match their schema but not that their own fields are complete,
   * as Connect's `Struct.put` does: children are often filled in after being attached.
   * `Struct.validate()` checks everything. Default false.
   */
  shallowStructs?: boolean;
}

/**
 * Throws a {@link DataError} unless `value` is a valid value of `schema` (representations are
 * listed on `SchemaType`). Recurses into arrays, maps and structs, naming the innermost path,
 * e.g. `Invalid value for field "address.zip": INT32 needs an integer number, got string`.
 *
 * Messages describe the value's JavaScript type, never the value itself: record data can be
 * personal data, and these messages end up in logs.
 */
export function validateValue(schema: Schema, value: unknown, options: ValidateOptions = {}): void {
  const problem = findProblem(schema, value, options.path ?? '', options.shallowStructs ? 'shallow' : 'deep');
  if (problem) {
    const where = problem.path ? ` for ${options.subject ?? 'field'} ${JSON.stringify(problem.path)}` : '';
    throw new DataError(`Invalid value${where}: ${problem.reason}`);
  }
}

type Depth = 'deep' | 'shallow';

/** What is wrong with a value and where: `path` is empty for the value itself. */
export interface ValueProblem {
  path: string;
  reason: string;
}

/** Like {@link validateValue} but returns the first problem instead of throwing. */
export function findValueProblem(schema: Schema, value: unknown): ValueProblem | undefined {
  return findProblem(schema, value, '', 'deep');
}

function findProblem(schema: Schema, value: unknown, path: string, depth: Depth): ValueProblem | undefined {
  if (value === null || value === undefined) {
    return schema.optional ? undefined : { path, reason: `required ${describe(schema)} is null` };
  }
  // A logical type replaces its base representation (a Date, not an INT32 day count).
  const logical = logicalProblem(schema, value);
  const reason = logical === NOT_LOGICAL ? baseProblem(schema, value) : logical;
  if (reason) return { path, reason };
  return nestedProblem(schema, value, path, depth);
}

/** The problem with a logical value, `undefined` if valid, or NOT_LOGICAL for other schemas. */
function logicalProblem(schema: Schema, value: unknown): string | undefined | typeof NOT_LOGICAL {
  const isDate = value instanceof Date && !Number.isNaN(value.getTime());
  switch (schema.name) {
    case LogicalNames.DECIMAL: {
      if (schema.type !== 'BYTES') return NOT_LOGICAL;
      const scale = Number(schema.parameters?.[DECIMAL_SCALE_PARAMETER]);
      if (!(value instanceof Decimal)) return `Decimal needs a Decimal value, got ${typeName(value)}`;
      return value.scale === scale ? undefined : `Decimal needs scale ${scale}, got scale ${value.scale}`;
    }
    case LogicalNames.DATE:
      if (schema.type !== 'INT32') return NOT_LOGICAL;
      if (!isDate) return `Date needs a valid Date, got ${typeName(value)}`;
      return value.getTime() % MS_PER_DAY === 0 ? undefined : 'Date must be midnight UTC (no time of day)';
    case LogicalNames.TIME:
      if (schema.type !== 'INT32') return NOT_LOGICAL;
      if (!isDate) return `Time needs a valid Date, got ${typeName(value)}`;
      return value.getTime() >= 0 && value.getTime() < MS_PER_DAY
        ? undefined
        : 'Time must fall on 1970-01-01 UTC (only the time of day)';
    case LogicalNames.TIMESTAMP:
      if (schema.type !== 'INT64') return NOT_LOGICAL;
      return isDate ? undefined : `Timestamp needs a valid Date, got ${typeName(value)}`;
    default:
      return NOT_LOGICAL;
  }
}

function baseProblem(schema: Schema, value: unknown): string | undefined {
  const type = schema.type;
  const range = INT_RANGES[type];
  if (range) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return `${type} needs an integer number, got ${typeName(value)}`;
    return value >= range[0] && value <= range[1] ? undefined : `${type} is out of range [${range[0]}, ${range[1]}]`;
  }
  switch (type) {
    case 'INT64':
      if (typeof value !== 'bigint') return `INT64 needs a bigint (write 5n, not 5), got ${typeName(value)}`;
      return value >= INT64_MIN && value <= INT64_MAX ? undefined : 'INT64 is out of the signed 64-bit range';
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof value === 'number' ? undefined : `${type} needs a number, got ${typeName(value)}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : `BOOLEAN needs a boolean, got ${typeName(value)}`;
    case 'STRING':
      return typeof value === 'string' ? undefined : `STRING needs a string, got ${typeName(value)}`;
    case 'BYTES':
      return value instanceof Uint8Array ? undefined : `BYTES needs a Uint8Array, got ${typeName(value)}`;
    case 'ARRAY':
      return Array.isArray(value) ? undefined : `ARRAY needs an array, got ${typeName(value)}`;
    case 'MAP':
      if (value instanceof Map) return undefined;
      return schema.keySchema?.type === 'STRING' && isPlainObject(value)
        ? undefined
        : `MAP needs a Map${schema.keySchema?.type === 'STRING' ? ' or a plain object' : ''}, got ${typeName(value)}`;
    case 'STRUCT':
      if (!(value instanceof Struct)) return `STRUCT needs a Struct, got ${typeName(value)}`;
      return value.schema === schema || value.schema.equals(schema)
        ? undefined
        : `Struct schema ${value.schema} does not match the expected ${schema}`;
    default:
      return `unknown schema type ${String(type)}`;
  }
}

function nestedProblem(schema: Schema, value: unknown, path: string, depth: Depth): ValueProblem | undefined {
  if (schema.type === 'ARRAY' && schema.valueSchema) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const p = findProblem(schema.valueSchema, items[i], `${path}[${i}]`, depth);
      if (p) return p;
    }
  } else if (schema.type === 'MAP' && schema.keySchema && schema.valueSchema) {
    const entries = value instanceof Map ? value.entries() : Object.entries(value as object);
    for (const [k, v] of entries) {
      const p =
        findProblem(schema.keySchema, k, `${path}{key}`, depth) ??
        findProblem(schema.valueSchema, v, `${path}{value}`, depth);
      if (p) return p;
    }
  } else if (schema.type === 'STRUCT' && depth === 'deep') {
    const struct = value as Struct;
    for (const field of schema.fields) {
      const v = struct.getWithoutDefault(field.name);
      if (v == null && (field.schema.optional || field.schema.defaultValue != null)) continue;
      const p = findProblem(field.schema, v, path ? `${path}.${field.name}` : field.name, depth);
      if (p) return p;
    }
  }
  return undefined;
}

function describe(schema: Schema): string {
  return schema.name ? `${schema.name} (${schema.type})` : schema.type;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object' || isPlainObject(value)) return typeof value;
  return (value as object).constructor?.name ?? 'object';
}
