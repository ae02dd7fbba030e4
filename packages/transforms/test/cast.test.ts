import {
  ConfigError,
  DataError,
  DateSchema,
  Decimal,
  DecimalSchema,
  Schema,
  SchemaBuilder,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { CastKey, CastValue } from '../src/cast.js';
import { configured, record, structKey, structValue, withValue } from './records.js';

const DAY = 86_400_000;

describe('Cast', () => {
  it("casts a whole schema'd value, keeping it optional (Kafka's spec=int32)", () => {
    const out = configured(CastValue, { spec: 'int32' }).apply(withValue(42n, Schema.OPTIONAL_INT64_SCHEMA));
    expect([out?.value, out?.valueSchema]).toEqual([42, Schema.OPTIONAL_INT32_SCHEMA]);
  });

  it('narrows, widens and converts schemaless values as Java does', () => {
    const smt = configured(CastValue, {
      spec: 'a:int8,b:int16,c:float32,d:boolean,e:string,f:int64,g:string,h:string,i:string,j:string',
    });
    const out = smt.apply(
      withValue({
        a: 300n,
        b: 1.9,
        c: 42n,
        d: 0n,
        e: 1.0,
        f: '-12',
        g: new Uint8Array([1, 2]),
        h: true,
        i: 1e7,
        j: 'x',
      }),
    );
    expect(out?.value).toEqual({
      a: 44,
      b: 1,
      c: 42,
      d: false,
      e: '1.0',
      f: -12n,
      g: 'AQI=',
      h: 'true',
      i: '1.0E7',
      j: 'x',
    });
  });

  it('casts Struct fields with a schema, keeping the others', () => {
    const schema = SchemaBuilder.struct()
      .field('n', Schema.INT32_SCHEMA)
      .field('s', Schema.OPTIONAL_STRING_SCHEMA)
      .build();
    const value = new Struct(schema).put('n', 7).put('s', '12');
    const out = configured(CastKey, { spec: 'n:string,s:int32' }).apply(record({ key: value, keySchema: schema }));
    const s = out?.keySchema as Schema;
    expect(s.field('n')?.schema).toEqual(Schema.STRING_SCHEMA);
    expect(s.field('s')?.schema).toEqual(Schema.OPTIONAL_INT32_SCHEMA);
    expect([structKey(out).get('n'), structKey(out).get('s')]).toEqual(['7', 12]);
  });

  it("casts fields' defaults and keeps optional fields optional (Kafka's castFieldsWithSchema)", () => {
    const schema = SchemaBuilder.struct()
      .field('int16', Schema.OPTIONAL_INT16_SCHEMA)
      .field('int32', SchemaBuilder.int32().defaultValue(2).build())
      .field('float32', Schema.FLOAT32_SCHEMA)
      .field('float64', SchemaBuilder.float64().defaultValue(-1.125).build())
      .field('bigdecimal', DecimalSchema.schema(0))
      .field('date', DateSchema.SCHEMA)
      .field('optional', Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field('timestamp', TimestampSchema.SCHEMA)
      .field('bytes', Schema.BYTES_SCHEMA)
      .build();
    const value = new Struct(schema)
      .put('int16', 16)
      .put('int32', 32)
      .put('float32', 32)
      .put('float64', -64)
      .put('bigdecimal', new Decimal(42n, 0))
      .put('date', new Date(DAY))
      .put('timestamp', new Date(0))
      .put('bytes', new Uint8Array([0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10]));
    const smt = configured(CastValue, {
      spec: 'int16:int32,int32:int64,float32:float64,float64:boolean,bigdecimal:string,date:string,optional:int32,bytes:string',
    });
    const out = smt.apply(withValue(value, schema));
    const s = structValue(out);
    expect(
      ['int16', 'int32', 'float32', 'float64', 'bigdecimal', 'date', 'optional', 'bytes'].map((f) => s.get(f)),
    ).toEqual([16, 32n, 32, true, '42', '1970-01-02', null, '/ty6mHZUMhA=']);
    expect(s.get('timestamp')).toEqual(new Date(0));
    expect(s.schema.field('int16')?.schema.optional).toBe(true);
    expect(s.schema.field('optional')?.schema).toEqual(Schema.OPTIONAL_INT32_SCHEMA);
    expect(s.schema.field('int32')?.schema.defaultValue).toBe(2n);
    expect(s.schema.field('float64')?.schema.defaultValue).toBe(true);
  });

  it("casts a whole value's default (Kafka's castWholeRecordDefaultValue)", () => {
    const schema = SchemaBuilder.float32().defaultValue(Math.fround(-42.125)).build();
    const out = configured(CastValue, { spec: 'int32' }).apply(withValue(Math.fround(42.125), schema));
    expect([out?.value, out?.valueSchema?.type, out?.valueSchema?.defaultValue]).toEqual([42, 'INT32', -42]);
  });

  it.each([
    [true, '10'],
    [false, null],
  ])(
    "reads a null field as its default when replace.null.with.default=%s (Kafka's castFieldWithDefaultValueRecordWithSchema)",
    (replace, expected) => {
      const schema = SchemaBuilder.struct()
        .field('magic', SchemaBuilder.int32().optional().defaultValue(10).build())
        .build();
      const smt = configured(CastValue, { spec: 'magic:string', 'replace.null.with.default': replace });
      const out = smt.apply(withValue(new Struct(schema).put('magic', null), schema));
      expect(structValue(out).schema.field('magic')?.schema.type).toBe('STRING');
      expect(structValue(out).getWithoutDefault('magic')).toBe(expected);
    },
  );

  it("casts Date, Time, Timestamp and Decimal through their representation (Kafka's castLogicalToPrimitive)", () => {
    const schema = SchemaBuilder.struct()
      .field('date_to_int32', DateSchema.SCHEMA)
      .field('timestamp_to_int64', TimestampSchema.SCHEMA)
      .field('time_to_int64', TimeSchema.SCHEMA)
      .field('decimal_to_int32', DecimalSchema.schema(0))
      .field('timestamp_to_float64', TimestampSchema.SCHEMA)
      .field('null_timestamp_to_int32', TimestampSchema.builder().optional().build())
      .build();
    const value = new Struct(schema)
      .put('date_to_int32', new Date(DAY))
      .put('timestamp_to_int64', new Date(0))
      .put('time_to_int64', new Date(1))
      .put('decimal_to_int32', new Decimal(2n ** 31n, 0))
      .put('timestamp_to_float64', new Date(8.64e15));
    const smt = configured(CastValue, {
      spec: 'date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,decimal_to_int32:int32,timestamp_to_float64:float64,null_timestamp_to_int32:int32',
    });
    const s = structValue(smt.apply(withValue(value, schema)));
    expect(s.schema.fields.map((f) => [f.name, s.get(f.name), f.schema.type])).toEqual([
      ['date_to_int32', 1, 'INT32'],
      ['timestamp_to_int64', 0n, 'INT64'],
      ['time_to_int64', 1n, 'INT64'],
      ['decimal_to_int32', -(2 ** 31), 'INT32'],
      ['timestamp_to_float64', 8.64e15, 'FLOAT64'],
      ['null_timestamp_to_int32', null, 'INT32'],
    ]);
  });

  it("prints Date, Time, Timestamp and Decimal as Kafka does (Kafka's castLogicalToString)", () => {
    const schema = SchemaBuilder.struct()
      .field('date', DateSchema.SCHEMA)
      .field('decimal', DecimalSchema.schema(-2))
      .field('time', TimeSchema.SCHEMA)
      .field('timestamp', TimestampSchema.SCHEMA)
      .build();
    const value = new Struct(schema)
      .put('date', new Date(DAY))
      .put('decimal', new Decimal(5n, -2))
      .put('time', new Date(3_600_000))
      .put('timestamp', new Date(1_700_000_000_123));
    const s = structValue(
      configured(CastValue, { spec: 'date:string,decimal:string,time:string,timestamp:string' }).apply(
        withValue(value, schema),
      ),
    );
    expect(['date', 'decimal', 'time', 'timestamp'].map((f) => s.get(f))).toEqual([
      '1970-01-02',
      '5E+2',
      '01:00:00.000Z',
      '2023-11-14T22:13:20.123Z',
    ]);
  });

  it('prints float32 values as Float.toString does', () => {
    const out = configured(CastValue, { spec: 'string' }).apply(withValue(Math.fround(0.1), Schema.FLOAT32_SCHEMA));
    expect(out?.value).toBe('0.1');
  });

  it('truncates before testing a number for a boolean, as longValue() != 0 does', () => {
    const out = configured(CastValue, { spec: 'boolean' }).apply(withValue(0.5, Schema.FLOAT64_SCHEMA));
    expect(out?.value).toBe(false);
  });

  it('saturates doubles at the int range before narrowing, as Java casts do', () => {
    const smt = configured(CastValue, { spec: 'a:int32,b:int8,c:int64' });
    expect(smt.apply(withValue({ a: 1e12, b: 1e12, c: Number.NaN }))?.value).toEqual({ a: 2 ** 31 - 1, b: -1, c: 0n });
  });

  it('parses strings as Java does: integers untrimmed, floats trimmed, booleans case-insensitively', () => {
    const smt = configured(CastValue, { spec: 'f:float64,b:boolean,c:boolean' });
    expect(smt.apply(withValue({ f: ' 1.5e1d ', b: 'TRUE', c: 'true ' }))?.value).toEqual({ f: 15, b: true, c: false });
    const toInt = configured(CastValue, { spec: 'n:int8' });
    expect(() => toInt.apply(withValue({ n: ' 12' }))).toThrow(
      /Value \( 12\) was out of range for requested data type/,
    );
    expect(() => toInt.apply(withValue({ n: '300' }))).toThrow(/Value \(300\) was out of range/);
    expect(() => toInt.apply(withValue({ n: 'abc' }))).toThrow(DataError);
  });

  it('adds a spec field missing from a schemaless map as null, as Kafka does', () => {
    expect(configured(CastValue, { spec: 'n:int8' }).apply(withValue({ m: 1n }))?.value).toEqual({ m: 1n, n: null });
  });

  it('refuses what Kafka does not cast from: structs, arrays, bytes to a number, schemaless dates', () => {
    const schema = SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build();
    expect(() =>
      configured(CastValue, { spec: 'int32' }).apply(withValue(new Struct(schema).put('n', 1), schema)),
    ).toThrow(/Cast transformation does not support casting from STRUCT; supported types are \[INT8, .*BYTES\]/);
    expect(() => configured(CastValue, { spec: 'int8' }).apply(withValue(['foo']))).toThrow(
      /does not support casting from ARRAY/,
    );
    expect(() =>
      configured(CastValue, { spec: 'int8' }).apply(withValue(new Uint8Array([1]), Schema.BYTES_SCHEMA)),
    ).toThrow(/Unexpected type in Cast transformation: bytes/);
    expect(() => configured(CastValue, { spec: 'string' }).apply(withValue(new Date(0)))).toThrow(
      /not supported by Connect's data API/,
    );
  });

  it("keeps a whole value's name but not a logical type's", () => {
    const named = SchemaBuilder.int64().name('com.example.Id').version(2).build();
    expect(configured(CastValue, { spec: 'int32' }).apply(withValue(7n, named))?.valueSchema?.name).toBe(
      'com.example.Id',
    );
    const out = configured(CastValue, { spec: 'string' }).apply(
      withValue(new Decimal(1205n, 2), DecimalSchema.schema(2)),
    );
    expect([out?.value, out?.valueSchema]).toEqual(['12.05', Schema.STRING_SCHEMA]);
  });

  it.each([
    ['foo:faketype', /Invalid type found in casting spec: faketype/],
    ['foo:array', /does not support casting to ARRAY/],
    ['array', /does not support casting to ARRAY/],
    ['foo:bytes', /does not support casting to BYTES/],
    ['foo:int8:extra', /Invalid rename mapping: foo:int8:extra/],
    ['foo:int8,int32', /may only specify a single cast in their spec/],
  ])('refuses spec=%s naming the key (Kafka CastTest config cases)', (spec, message) => {
    expect(() => configured(CastValue, { spec })).toThrow(ConfigError);
    expect(() => configured(CastValue, { spec })).toThrow(message);
  });
});
