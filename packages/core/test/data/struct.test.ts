import { describe, expect, it } from 'vitest';
import {
  DataError,
  DateSchema,
  Decimal,
  DecimalSchema,
  Schema,
  SchemaBuilder,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '../../src/index.js';

const address = SchemaBuilder.struct()
  .name('Address')
  .field('street', Schema.STRING_SCHEMA)
  .field('zip', Schema.INT32_SCHEMA)
  .build();

/** A struct schema with one field of every type and logical type. */
const everything = SchemaBuilder.struct()
  .name('Everything')
  .field('i8', Schema.INT8_SCHEMA)
  .field('i16', Schema.INT16_SCHEMA)
  .field('i32', Schema.INT32_SCHEMA)
  .field('i64', Schema.INT64_SCHEMA)
  .field('f32', Schema.FLOAT32_SCHEMA)
  .field('f64', Schema.FLOAT64_SCHEMA)
  .field('flag', Schema.BOOLEAN_SCHEMA)
  .field('text', Schema.STRING_SCHEMA)
  .field('raw', Schema.BYTES_SCHEMA)
  .field('list', SchemaBuilder.array(Schema.INT32_SCHEMA).build())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
  .field('address', address)
  .field('price', DecimalSchema.schema(2))
  .field('day', DateSchema.SCHEMA)
  .field('time', TimeSchema.SCHEMA)
  .field('at', TimestampSchema.SCHEMA)
  .build();

function fullStruct(): Struct {
  return new Struct(everything)
    .put('i8', -128)
    .put('i16', 32_767)
    .put('i32', -2_147_483_648)
    .put('i64', 2n ** 63n - 1n)
    .put('f32', 1.5)
    .put('f64', Math.PI)
    .put('flag', true)
    .put('text', 'héllo')
    .put('raw', new Uint8Array([0, 255]))
    .put('list', [1, 2, 3])
    .put('map', new Map([['a', 1n]]))
    .put('address', new Struct(address).put('street', 'Main St').put('zip', 12345))
    .put('price', Decimal.parse('19.99'))
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('time', new Date(13 * 3_600_000 + 5))
    .put('at', new Date('2024-02-29T13:00:00.123Z'));
}

describe('Struct', () => {
  it('holds a valid value of every type and logical type', () => {
    const struct = fullStruct();
    expect(() => struct.validate()).not.toThrow();
    expect(struct.getInt8('i8')).toBe(-128);
    expect(struct.getInt16('i16')).toBe(32_767);
    expect(struct.getInt32('i32')).toBe(-2_147_483_648);
    expect(struct.getInt64('i64')).toBe(9_223_372_036_854_775_807n);
    expect(struct.getFloat32('f32')).toBe(1.5);
    expect(struct.getFloat64('f64')).toBe(Math.PI);
    expect(struct.getBoolean('flag')).toBe(true);
    expect(struct.getString('text')).toBe('héllo');
    expect(struct.getBytes('raw')).toEqual(new Uint8Array([0, 255]));
    expect(struct.getArray<number>('list')).toEqual([1, 2, 3]);
    expect(struct.getMap('map')).toEqual(new Map([['a', 1n]]));
    expect(struct.getStruct('address')?.getInt32('zip')).toBe(12345);
    expect(struct.getDecimal('price')?.toString()).toBe('19.99');
    expect(struct.get('day')).toEqual(new Date('2024-02-29T00:00:00Z'));
  });

  it.each([
    ['i8', 128, 'INT8 is out of range [-128, 127]'],
    ['i8', 1.5, 'INT8 needs an integer number, got number'],
    ['i16', -32_769, 'INT16 is out of range [-32768, 32767]'],
    ['i32', 2 ** 31, 'INT32 is out of range [-2147483648, 2147483647]'],
    ['i32', '5', 'INT32 needs an integer number, got string'],
    ['i64', 5, 'INT64 needs a bigint (write 5n, not 5), got number'],
    ['i64', 2n ** 63n, 'INT64 is out of the signed 64-bit range'],
    ['f32', 1n, 'FLOAT32 needs a number, got bigint'],
    ['f64', '1.0', 'FLOAT64 needs a number, got string'],
    ['flag', 'true', 'BOOLEAN needs a boolean, got string'],
    ['text', 42, 'STRING needs a string, got number'],
    ['raw', [1, 2], 'BYTES needs a Uint8Array, got array'],
    ['list', new Set([1]), 'ARRAY needs an array, got Set'],
    ['map', [['a', 1n]], 'MAP needs a Map or a plain object, got array'],
    ['address', { street: 'x', zip: 1 }, 'STRUCT needs a Struct, got object'],
    ['price', 19.99, 'Decimal needs a Decimal value, got number'],
    ['price', Decimal.parse('19.990'), 'Decimal needs scale 2, got scale 3'],
    ['day', new Date(Date.UTC(2024, 1, 29, 1)), 'Date must be midnight UTC (no time of day)'],
    ['day', 19782, 'Date needs a valid Date, got number'],
    ['time', new Date(Date.UTC(1970, 0, 2)), 'Time must fall on 1970-01-01 UTC (only the time of day)'],
    ['at', new Date(Number.NaN), 'Timestamp needs a valid Date, got Date'],
    ['at', 1_700_000_000_000n, 'Timestamp needs a valid Date, got bigint'],
  ])('put rejects %s = %o: %s', (field, value, reason) => {
    const struct = new Struct(everything);
    expect(() => struct.put(field, value)).toThrow(new DataError(`Invalid value for field "${field}": ${reason}`));
    expect(struct.getWithoutDefault(field)).toBeNull();
  });

  it('names the element that is wrong inside arrays, maps and nested structs', () => {
    const struct = new Struct(everything);
    expect(() => struct.put('list', [1, 2, 'three'])).toThrow('Invalid value for field "list[2]": INT32 needs');
    expect(() => struct.put('map', new Map([['a', 1]]))).toThrow('Invalid value for field "map{value}": INT64 needs');
    expect(() => struct.put('map', new Map([[1, 1n]]))).toThrow('Invalid value for field "map{key}": STRING needs');
  });

  it('lets a nested struct be filled in after put, and validate() then names its missing field', () => {
    const child = new Struct(address).put('street', 'x');
    const parent = fullStruct().put('address', child);
    expect(() => parent.validate()).toThrow('Invalid value for field "address.zip": required INT32 is null');
    child.put('zip', 1);
    expect(() => parent.validate()).not.toThrow();
  });

  it('accepts a plain object for a MAP with STRING keys only', () => {
    const struct = new Struct(everything).put('map', { a: 1n, b: 2n });
    expect(struct.getMap('map')).toEqual({ a: 1n, b: 2n });
    const intKeys = SchemaBuilder.struct()
      .field('m', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
      .build();
    expect(() => new Struct(intKeys).put('m', { 1: 'a' })).toThrow('MAP needs a Map, got object');
    expect(new Struct(intKeys).put('m', new Map([[1, 'a']])).getMap('m')).toEqual(new Map([[1, 'a']]));
  });

  it('rejects a nested struct with another schema', () => {
    const other = SchemaBuilder.struct().name('Other').field('zip', Schema.INT32_SCHEMA).build();
    expect(() => new Struct(everything).put('address', new Struct(other))).toThrow(
      'Struct schema Schema{Other:STRUCT} does not match the expected Schema{Address:STRUCT}',
    );
  });

  it('put refuses null for a required field', () => {
    expect(() => fullStruct().put('text', null)).toThrow(
      new DataError('Invalid value for field "text": required STRING is null'),
    );
  });

  it('validate() names the first required field that is missing', () => {
    const struct = new Struct(address).put('zip', 1);
    expect(() => struct.validate()).toThrow(new DataError('Invalid value for field "street": required STRING is null'));
    const person = SchemaBuilder.struct().field('price', DecimalSchema.schema(2)).build();
    expect(() => new Struct(person).validate()).toThrow(
      'Invalid value for field "price": required org.apache.kafka.connect.data.Decimal (BYTES) is null',
    );
  });

  it('lets optional fields and fields with defaults stay unset, and get() returns the default', () => {
    const schema = SchemaBuilder.struct()
      .field('nick', Schema.OPTIONAL_STRING_SCHEMA)
      .field('retries', SchemaBuilder.int32().defaultValue(3).build())
      .build();
    const struct = new Struct(schema);
    expect(() => struct.validate()).not.toThrow();
    expect(struct.get('nick')).toBeNull();
    expect(struct.get('retries')).toBe(3);
    expect(struct.getWithoutDefault('retries')).toBeNull();
    struct.put('retries', 5).put('nick', undefined);
    expect(struct.get('retries')).toBe(5);
    expect(struct.getWithoutDefault('nick')).toBeNull();
  });

  it('rejects unknown fields, non-struct schemas and typed getters of the wrong type', () => {
    const struct = new Struct(address);
    expect(() => struct.put('city', 'x')).toThrow('"city" is not a field of Schema{Address:STRUCT}');
    expect(() => struct.get('city')).toThrow(DataError);
    expect(() => new Struct(Schema.INT32_SCHEMA)).toThrow('A Struct needs a STRUCT schema, got Schema{INT32}');
    expect(() => struct.getInt64('zip')).toThrow('Field "zip" is INT32, not INT64');
    expect(() => fullStruct().getDecimal('raw')).toThrow('Field "raw" is not a org.apache.kafka.connect.data.Decimal');
  });

  it('compares deeply and prints set fields', () => {
    expect(fullStruct().equals(fullStruct())).toBe(true);
    expect(fullStruct().equals(fullStruct().put('raw', new Uint8Array([0, 254])))).toBe(false);
    expect(fullStruct().equals(fullStruct().put('at', new Date(0)))).toBe(false);
    expect(fullStruct().equals('not a struct')).toBe(false);
    expect(String(new Struct(address).put('zip', 1))).toBe('Struct{zip=1}');
  });

  it('accepts Buffers as BYTES', () => {
    expect(new Struct(everything).put('raw', Buffer.from('abc')).getBytes('raw')).toEqual(Buffer.from('abc'));
  });
});
