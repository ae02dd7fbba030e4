/** Avro schema JSON as parsed: a type name, a union, or an object with `type`. */
export type AvroSchema = string | AvroSchema[] | Record<string, unknown>;

/** The Avro primitive type names. */
export const PRIMITIVES: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

// Names and parameters of Confluent's Avro ↔ Connect convention (AvroData.java), so data
// converted here reads the same as data converted by Confluent's AvroConverter.
/** The Connect STRUCT name standing for a general Avro union. */
export const UNION = 'io.confluent.connect.avro.Union';
/** Parameter holding an Avro enum's full name; `<it>.<symbol>` parameters list the symbols. */
export const AVRO_ENUM = 'io.confluent.connect.avro.Enum';
/** Parameter holding a Decimal's Avro precision. */
export const DECIMAL_PRECISION = 'connect.decimal.precision';
/** Parameter holding an Avro fixed type's size. */
export const FIXED_SIZE = 'connect.fixed.size';
/** Namespace and name of records written for structs without a name. */
export const CONNECT_DEFAULT_NAMESPACE = 'io.confluent.connect.avro';
export const CONNECT_DEFAULT_RECORD = 'ConnectDefault';
/** Name of the records a map with non-string keys is written as (an array of `{key, value}`). */
export const MAP_ENTRY = 'MapEntry';
/** Property marking a named map's entry record as a MapEntry. */
export const CONNECT_INTERNAL_TYPE = 'connect.internal.type';
/** Parameter holding the Avro `doc` of a record. */
export const RECORD_DOC = 'io.confluent.connect.avro.record.doc';
/** Parameter prefix holding the Avro `doc` of a record's field (`<it><field name>`). */
export const FIELD_DOC_PREFIX = 'io.confluent.connect.avro.field.doc.';
/** Parameter prefixes holding an enum's Avro `doc` and default symbol (`<it><enum name>`). */
export const ENUM_DOC_PREFIX = 'io.confluent.connect.avro.enum.doc.';
export const ENUM_DEFAULT_PREFIX = 'io.confluent.connect.avro.enum.default.';
/** Parameter flag: the default came from an Avro field default, so no `connect.default` is written. */
export const FIELD_DEFAULT_FLAG = 'io.confluent.connect.avro.field.default';

/** Whether `type` declares a named Avro type. */
export function isNamedType(type: unknown): boolean {
  return type === 'record' || type === 'error' || type === 'enum' || type === 'fixed';
}

/** The full name of a named type declared in `enclosing` namespace (Avro spec name resolution). */
export function fullName(json: Record<string, unknown>, enclosing: string): string {
  const name = String(json.name);
  if (name.includes('.')) return name;
  const namespace = typeof json.namespace === 'string' ? json.namespace : enclosing;
  return namespace ? `${namespace}.${name}` : name;
}

/** The last dot-separated part of a full name. */
export function simpleName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
