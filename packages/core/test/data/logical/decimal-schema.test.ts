import { describe, expect, it } from 'vitest';
import { DataError, Decimal, DecimalSchema, LogicalNames, Schema } from '../../../src/index.js';

describe('DecimalSchema', () => {
  it('is BYTES named like Connect, with the scale parameter', () => {
    const schema = DecimalSchema.schema(2);
    expect(schema).toMatchObject({
      type: 'BYTES',
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      parameters: { scale: '2' },
      optional: false,
    });
    expect(DecimalSchema.LOGICAL_NAME).toBe(LogicalNames.DECIMAL);
    expect(DecimalSchema.builder(4).optional().build().optional).toBe(true);
    expect(DecimalSchema.scaleOf(schema)).toBe(2);
    expect(() => DecimalSchema.scaleOf(Schema.BYTES_SCHEMA)).toThrow(DataError);
    expect(() => DecimalSchema.builder(1.5)).toThrow('Decimal scale must be an integer');
  });

  // Expected bytes are what Java's new BigDecimal(text).unscaledValue().toByteArray() gives.
  it.each([
    ['0.00', [0x00]],
    ['1.27', [0x7f]],
    ['1.28', [0x00, 0x80]],
    ['-1.28', [0x80]],
    ['-1.29', [0xff, 0x7f]],
    ['-0.01', [0xff]],
    ['655.36', [0x01, 0x00, 0x00]],
    ['92233720368547758.08', [0x00, 0x80, 0, 0, 0, 0, 0, 0, 0]],
  ])('round-trips %s through two-complement bytes %o', (text, bytes) => {
    const schema = DecimalSchema.schema(2);
    const encoded = DecimalSchema.fromLogical(schema, Decimal.parse(text));
    expect([...encoded]).toEqual(bytes);
    expect(DecimalSchema.toLogical(schema, encoded).toString()).toBe(text);
  });

  it('refuses a value of another scale and empty bytes', () => {
    expect(() => DecimalSchema.fromLogical(DecimalSchema.schema(2), Decimal.parse('1.5'))).toThrow(
      'Decimal value has scale 1 but the schema requires scale 2',
    );
    expect(() => DecimalSchema.toLogical(DecimalSchema.schema(2), new Uint8Array())).toThrow('must not be empty');
  });
});
