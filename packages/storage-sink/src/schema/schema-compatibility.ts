import { DataError, type Schema, SchemaProjector, valuesEqual } from '@sinkkit/core';

/** `schema.compatibility`: how a record whose value schema differs from its file's is handled. */
export const SCHEMA_COMPATIBILITIES = ['NONE', 'BACKWARD', 'FORWARD', 'FULL'] as const;
export type SchemaCompatibility = (typeof SCHEMA_COMPATIBILITIES)[number];

/**
 * How a record fits an open file: `same` schema (written as is), `project` (written after
 * projecting its value onto the file's schema), or `change` (it needs a file of its own schema:
 * the file is rotated, or with a writer pool another file is opened).
 */
export type SchemaFit = 'same' | 'project' | 'change';

/**
 * Decides how a record of value schema `record` fits a file of schema `file`, following
 * Confluent's `StorageSchemaCompatibility` (kafka-connect-storage-common):
 *
 * - `NONE`: any difference is a `change`.
 * - `BACKWARD` and `FULL`: a record of a newer version than the file is a `change` (its schema
 *   becomes the file schema after the rotation); an older or equal version is projected onto
 *   the file's (newer) schema.
 * - `FORWARD`: a record of an older version is a `change`; a newer one is projected onto the
 *   file's (older) schema.
 * - In the projecting modes, a type that neither matches nor widens, a different name or
 *   different parameters anywhere in the two schemas (fields both have, array elements, map keys
 *   and values) is a `change` too, since projection could not succeed.
 *
 * Throws a {@link DataError} when no decision is possible, as Confluent's connector does: a
 * projecting mode needs a version on both schemas, and cannot switch between schemaless and
 * schema'd records. (Under `NONE` sinkkit treats that switch as a `change`.)
 */
export function schemaFit(mode: SchemaCompatibility, record: Schema | null, file: Schema | null): SchemaFit {
  if (record === file) return 'same';
  if (record === null || file === null) {
    if (mode === 'NONE') return 'change';
    throw new DataError(
      `Switching between schemaless and schema'd values is not supported with schema.compatibility=${mode}`,
    );
  }
  if (record.equals(file)) return 'same';
  if (mode === 'NONE') return 'change';
  if (record.version === null || file.version === null) {
    throw new DataError(
      `schema.compatibility=${mode} needs a version on every value schema; ${record.version === null ? 'the record' : 'the file'}'s ${record} has none`,
    );
  }
  if (!projectable(record, file)) return 'change';
  const newer = record.version > file.version;
  const older = record.version < file.version;
  return (mode === 'FORWARD' ? older : newer) ? 'change' : 'project';
}

/** Whether projecting `from` onto `to` can succeed as far as types, names and parameters go. */
function projectable(from: Schema, to: Schema): boolean {
  if (from.type !== to.type && !SchemaProjector.isPromotable(from.type, to.type)) return false;
  if (from.name !== to.name || !valuesEqual(from.parameters, to.parameters)) return false;
  switch (from.type) {
    case 'STRUCT':
      return from.fields.every((f) => {
        const other = to.field(f.name);
        return other === undefined || projectable(f.schema, other.schema);
      });
    case 'ARRAY':
      return projectable(from.valueSchema as Schema, to.valueSchema as Schema);
    case 'MAP':
      return (
        projectable(from.keySchema as Schema, to.keySchema as Schema) &&
        projectable(from.valueSchema as Schema, to.valueSchema as Schema)
      );
    default:
      return true;
  }
}
