/**
 * The Kafka Connect schema types, spelled as in `org.apache.kafka.connect.data.Schema.Type`.
 *
 * How a value of each type is represented in JavaScript (checked by `Struct`, `Headers` and
 * `SchemaBuilder.defaultValue`):
 *
 * | type | JavaScript value | why |
 * |---|---|---|
 * | INT8, INT16, INT32 | `number`, an integer within the type's signed range | exact in a double |
 * | INT64 | `bigint` within the signed 64-bit range | a `number` loses precision beyond 2^53 |
 * | FLOAT32, FLOAT64 | `number` | |
 * | BOOLEAN | `boolean` | |
 * | STRING | `string` | |
 * | BYTES | `Uint8Array` (a `Buffer` is one) | |
 * | ARRAY | `unknown[]` of the value schema's type | |
 * | MAP | `Map` of key → value schema types; a plain object also passes when keys are STRING | JSON converters produce objects |
 * | STRUCT | a `Struct` whose schema equals the field's | |
 *
 * Logical types replace the base representation: see `DecimalSchema`, `DateSchema`,
 * `TimeSchema` and `TimestampSchema`.
 */
export const SchemaType = Object.freeze({
  INT8: 'INT8',
  INT16: 'INT16',
  INT32: 'INT32',
  INT64: 'INT64',
  FLOAT32: 'FLOAT32',
  FLOAT64: 'FLOAT64',
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  BYTES: 'BYTES',
  ARRAY: 'ARRAY',
  MAP: 'MAP',
  STRUCT: 'STRUCT',
} as const);

/** One of the {@link SchemaType} names. */
export type SchemaType = (typeof SchemaType)[keyof typeof SchemaType];

/** Whether `type` has no nested schemas (everything but ARRAY, MAP and STRUCT). */
export function isPrimitiveType(type: SchemaType): boolean {
  return type !== 'ARRAY' && type !== 'MAP' && type !== 'STRUCT';
}
