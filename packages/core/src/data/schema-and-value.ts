import type { Schema } from './schema.js';

/**
 * A value together with its schema, as a `Converter` returns it. `schema` is `null` for
 * schemaless data (for example JSON without the `schema`/`payload` envelope), in which case
 * `value` is plain JavaScript data.
 */
export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/** The null value with no schema: what converters return for a tombstone or missing key. */
export const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });
