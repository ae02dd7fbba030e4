import { ConnectSchema } from './connect-schema.js';
import type { SchemaType } from './schema-type.js';

/** A named, positioned member of a STRUCT schema. */
export interface Field {
  readonly name: string;
  /** 0-based position in the struct. */
  readonly index: number;
  readonly schema: Schema;
}

/**
 * Describes the shape of a key, value or header, as Kafka Connect's
 * `org.apache.kafka.connect.data.Schema` does. Schemas are immutable; build them with
 * `SchemaBuilder` or take a constant such as `Schema.INT32_SCHEMA`.
 *
 * A record whose data has no schema (schemaless JSON, plain objects) carries `null` instead.
 */
export interface Schema {
  readonly type: SchemaType;
  /** Whether `null` is a valid value. */
  readonly optional: boolean;
  /** Used when a struct field is left unset; `null` when there is none. */
  readonly defaultValue: unknown;
  /** Fully qualified name; logical types are recognised by it (e.g. `org.apache.kafka.connect.data.Decimal`). */
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  /** Free-form string parameters, e.g. a Decimal's `scale`. `null` when there are none. */
  readonly parameters: Readonly<Record<string, string>> | null;
  /** Fields of a STRUCT schema in order; empty for every other type. */
  readonly fields: readonly Field[];
  /** Key schema of a MAP; `null` for every other type. */
  readonly keySchema: Schema | null;
  /** Element schema of an ARRAY or value schema of a MAP; `null` for every other type. */
  readonly valueSchema: Schema | null;
  /** The field called `name` of a STRUCT schema, if there is one. */
  field(name: string): Field | undefined;
  /** Structural equality: type, flags, name, version, doc, parameters, default and nested schemas. */
  equals(other: Schema | null | undefined): boolean;
  /** A short description such as `Schema{INT32}` or `Schema{org.apache.kafka.connect.data.Decimal:BYTES}`. */
  toString(): string;
}

function primitive(type: SchemaType, optional: boolean): Schema {
  return new ConnectSchema({ type, optional });
}

/** Ready-made primitive schemas, named as Kafka Connect's `Schema.*_SCHEMA` constants. */
export const Schema = Object.freeze({
  INT8_SCHEMA: primitive('INT8', false),
  INT16_SCHEMA: primitive('INT16', false),
  INT32_SCHEMA: primitive('INT32', false),
  INT64_SCHEMA: primitive('INT64', false),
  FLOAT32_SCHEMA: primitive('FLOAT32', false),
  FLOAT64_SCHEMA: primitive('FLOAT64', false),
  BOOLEAN_SCHEMA: primitive('BOOLEAN', false),
  STRING_SCHEMA: primitive('STRING', false),
  BYTES_SCHEMA: primitive('BYTES', false),
  OPTIONAL_INT8_SCHEMA: primitive('INT8', true),
  OPTIONAL_INT16_SCHEMA: primitive('INT16', true),
  OPTIONAL_INT32_SCHEMA: primitive('INT32', true),
  OPTIONAL_INT64_SCHEMA: primitive('INT64', true),
  OPTIONAL_FLOAT32_SCHEMA: primitive('FLOAT32', true),
  OPTIONAL_FLOAT64_SCHEMA: primitive('FLOAT64', true),
  OPTIONAL_BOOLEAN_SCHEMA: primitive('BOOLEAN', true),
  OPTIONAL_STRING_SCHEMA: primitive('STRING', true),
  OPTIONAL_BYTES_SCHEMA: primitive('BYTES', true),
});
