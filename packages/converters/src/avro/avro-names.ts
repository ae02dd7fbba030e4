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
