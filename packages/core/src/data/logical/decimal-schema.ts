import { DataError } from '../../errors/data-error.js';
import { Decimal } from '../decimal.js';
import type { Schema } from '../schema.js';
import { SchemaBuilder } from '../schema-builder.js';
import { DECIMAL_SCALE_PARAMETER, LogicalNames } from './logical-names.js';

/**
 * The `org.apache.kafka.connect.data.Decimal` logical type: an arbitrary-precision decimal with a
 * fixed scale, stored as BYTES with the scale in the `scale` parameter. Values in structs and
 * records are {@link Decimal}s whose scale equals the schema's; `fromLogical`/`toLogical`
 * convert to and from the wire form converters use (the unscaled value as big-endian two's
 * complement bytes, exactly Java's `BigInteger.toByteArray()`).
 */
export const DecimalSchema = Object.freeze({
  LOGICAL_NAME: LogicalNames.DECIMAL,
  SCALE_FIELD: DECIMAL_SCALE_PARAMETER,

  /** A builder for a Decimal schema with `scale` digits after the point (add `.optional()` etc.). */
  builder(scale: number): SchemaBuilder {
    if (!Number.isSafeInteger(scale)) throw new DataError(`Decimal scale must be an integer, got ${scale}`);
    return SchemaBuilder.bytes()
      .name(LogicalNames.DECIMAL)
      .parameter(DECIMAL_SCALE_PARAMETER, String(scale))
      .version(1);
  },

  /** A required Decimal schema with `scale`. */
  schema(scale: number): Schema {
    return DecimalSchema.builder(scale).build();
  },

  /** The scale a Decimal schema declares. */
  scaleOf(schema: Schema): number {
    const scale = Number(schema.parameters?.[DECIMAL_SCALE_PARAMETER]);
    if (schema.name !== LogicalNames.DECIMAL || !Number.isSafeInteger(scale)) {
      throw new DataError(`${schema} is not a Decimal schema with an integer scale parameter`);
    }
    return scale;
  },

  /** Encodes `value` for the wire; its scale must equal the schema's (rescale first if needed). */
  fromLogical(schema: Schema, value: Decimal): Uint8Array {
    const scale = DecimalSchema.scaleOf(schema);
    if (value.scale !== scale) {
      throw new DataError(`Decimal value has scale ${value.scale} but the schema requires scale ${scale}`);
    }
    return toTwosComplement(value.unscaled);
  },

  /** Decodes wire bytes into a {@link Decimal} with the schema's scale. */
  toLogical(schema: Schema, bytes: Uint8Array): Decimal {
    if (bytes.length === 0) throw new DataError('Decimal bytes must not be empty');
    return new Decimal(fromTwosComplement(bytes), DecimalSchema.scaleOf(schema));
  },
});

function toTwosComplement(n: bigint): Uint8Array {
  // The fewest bytes whose signed range holds n, as BigInteger.toByteArray() produces.
  let length = 1;
  while (n < -(1n << BigInt(8 * length - 1)) || n >= 1n << BigInt(8 * length - 1)) length++;
  const out = new Uint8Array(length);
  let bits = BigInt.asUintN(8 * length, n);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return out;
}

function fromTwosComplement(bytes: Uint8Array): bigint {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  return BigInt.asIntN(8 * bytes.length, bits);
}
