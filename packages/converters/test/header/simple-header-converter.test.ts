import {
  DataError,
  DateSchema,
  Decimal,
  DecimalSchema,
  Headers,
  Schema,
  SchemaBuilder,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { ByteArrayConverter, JsonConverter, SimpleHeaderConverter, StringConverter } from '../../src/index.js';

const converter = new SimpleHeaderConverter();
converter.configure({});
const read = (text: string) => converter.toConnectHeader('t', 'h', Buffer.from(text, 'utf8'));
const type = (text: string) => {
  const { schema } = read(text);
  return schema === null ? null : (schema.name ?? schema.type);
};

describe('SimpleHeaderConverter reading (Connect Values.parseString)', () => {
  it('reads booleans, null and the narrowest integer type that holds the number', () => {
    expect(read('true')).toEqual({ schema: Schema.BOOLEAN_SCHEMA, value: true });
    expect(read(' false ').value).toBe(false);
    expect(read('null')).toEqual({ schema: null, value: null });
    expect(converter.toConnectHeader('t', 'h', null)).toEqual({ schema: null, value: null });
    expect([type('42'), read('42').value]).toEqual(['INT8', 42]);
    expect([type('-129'), read('-129').value]).toEqual(['INT16', -129]);
    expect([type('40000'), read('40000').value]).toEqual(['INT32', 40_000]);
    expect([type('9007199254740993'), read('9007199254740993').value]).toEqual(['INT64', 9_007_199_254_740_993n]);
    // Integral however written, as BigDecimal's exact conversions see it.
    expect([read('1.0').value, read('1e3').value, read('+5').value]).toEqual([1, 1000, 5]);
  });

  it('reads fractions as FLOAT32 where a float holds them, else FLOAT64, else an exact Decimal', () => {
    expect([type('1.5'), read('1.5').value]).toEqual(['FLOAT32', 1.5]);
    expect([type('1e300'), read('1e300').value]).toEqual(['FLOAT64', 1e300]);
    const huge = read('123456789012345678901234567890');
    expect(huge.schema?.name).toBe(DecimalSchema.LOGICAL_NAME);
    expect((huge.value as Decimal).equals(Decimal.parse('123456789012345678901234567890'))).toBe(true);
  });

  it('reads ISO-8601 dates, times and timestamps (UTC) as the Connect logical types', () => {
    expect(read('2024-05-01')).toEqual({ schema: DateSchema.SCHEMA, value: new Date('2024-05-01T00:00:00Z') });
    expect(read('12:34:56.789Z')).toEqual({ schema: TimeSchema.SCHEMA, value: new Date(45_296_789) });
    expect(read('2024-05-01T12:34:56.789Z')).toEqual({
      schema: TimestampSchema.SCHEMA,
      value: new Date('2024-05-01T12:34:56.789Z'),
    });
    expect(read('2024-02-30')).toEqual({ schema: Schema.STRING_SCHEMA, value: '2024-02-30' });
  });

  it('reads arrays and maps with one widened element schema, optional where nulls occur', () => {
    const ints = read('[1, 300, 70000]');
    expect(ints.schema?.type).toBe('ARRAY');
    expect(ints.schema?.valueSchema?.type).toBe('INT32');
    expect(ints.value).toEqual([1, 300, 70_000]);
    const longs = read('[1,null,3000000000]');
    expect(longs.schema?.valueSchema?.type).toBe('INT64');
    expect(longs.schema?.valueSchema?.optional).toBe(true);
    expect(longs.value).toEqual([1n, null, 3_000_000_000n]);
    expect(read('[1,2.5]').value).toEqual([1, 2.5]);

    const map = read('{"a": [1,2], "b": [3]}');
    expect(map.schema?.keySchema?.type).toBe('STRING');
    expect(map.schema?.valueSchema?.type).toBe('ARRAY');
    expect(map.value).toEqual(
      new Map([
        ['a', [1, 2]],
        ['b', [3]],
      ]),
    );
    expect(read('["x\\"y", "2024-05-01"]').value).toEqual(['x"y', new Date('2024-05-01T00:00:00Z')]);
    expect(read('[2024-05-01T12:34:56.789Z]').schema?.valueSchema?.name).toBe(TimestampSchema.LOGICAL_NAME);
  });

  it('leaves arrays and maps without a common element schema schemaless', () => {
    expect(read('[1,"a"]')).toEqual({ schema: null, value: [1, 'a'] });
    expect(read('[]')).toEqual({ schema: null, value: [] });
    expect(read('{}')).toEqual({ schema: null, value: new Map() });
  });

  it('reads everything else as the string itself', () => {
    for (const text of [
      '',
      '  ',
      'hello',
      'tRue',
      '1.2.3',
      '12,34',
      '10:30',
      '{a:1}',
      '[1,2]x',
      '[1,,2]',
      '[',
      '{"a":}',
      '1e99999999999',
    ]) {
      expect(read(text), text).toEqual({ schema: Schema.STRING_SCHEMA, value: text });
    }
  });

  it('keeps bytes that are not UTF-8 as bytes', () => {
    const bytes = Uint8Array.of(0xff, 0xfe, 0x00);
    expect(converter.toConnectHeader('t', 'h', bytes)).toEqual({ schema: Schema.BYTES_SCHEMA, value: bytes });
  });

  it('every value read is valid for its schema (a record header accepts it)', () => {
    const headers = new Headers();
    for (const text of ['1', '[1,null]', '{"a":{"b":1.5}}', '[[1],[2,3000000000]]', '2024-05-01', '12:00:00.000Z']) {
      const { schema, value } = read(text);
      expect(() => headers.add(text, value, schema), text).not.toThrow();
    }
  });
});

describe('SimpleHeaderConverter writing (Connect Values.convertToString)', () => {
  const write = (schema: Schema | null, value: unknown) =>
    Buffer.from(converter.fromConnectHeader('t', 'h', schema, value) as Uint8Array).toString('utf8');

  it('writes text that reads back as the same value', () => {
    const cases: [Schema | null, unknown][] = [
      [Schema.STRING_SCHEMA, 'plain text'],
      [Schema.BOOLEAN_SCHEMA, true],
      [Schema.INT64_SCHEMA, 9_007_199_254_740_993n],
      [Schema.FLOAT64_SCHEMA, 2.25],
      [DateSchema.SCHEMA, new Date('2024-05-01T00:00:00Z')],
      [TimeSchema.SCHEMA, new Date(45_296_789)],
      [TimestampSchema.SCHEMA, new Date('2024-05-01T12:34:56.789Z')],
      [SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a,b', 'say "hi"', 'back\\slash']],
      [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA).build(), new Map([['k', 1]])],
    ];
    for (const [schema, value] of cases) {
      const back = read(write(schema, value));
      expect(back.value, String(value)).toEqual(value);
    }
  });

  it("writes dates without a schema as Connect's dateFormatFor does, bytes as base64 and structs as maps", () => {
    expect(write(null, new Date('2024-05-01T00:00:00Z'))).toBe('2024-05-01');
    expect(write(null, new Date(1_000))).toBe('00:00:01.000Z');
    expect(write(null, new Date('2024-05-01T00:00:01Z'))).toBe('2024-05-01T00:00:01.000Z');
    expect(write(Schema.BYTES_SCHEMA, Buffer.from('hi'))).toBe('aGk=');
    const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
    expect(write(schema, new Struct(schema).put('id', 7).put('name', 'x'))).toBe('{"id":7,"name":"x"}');
    expect(converter.fromConnectHeader('t', 'h', null, null)).toBeNull();
  });
});

describe("Connect's other header converters", () => {
  it('StringConverter reads every header as a string; bytes that are not text are a DataError', () => {
    const c = new StringConverter();
    c.configure({});
    expect(c.toConnectHeader('t', 'h', Buffer.from('42'))).toEqual({
      schema: Schema.OPTIONAL_STRING_SCHEMA,
      value: '42',
    });
    expect(() => c.toConnectHeader('t', 'h', Uint8Array.of(0xff))).toThrow(DataError);
    expect(Buffer.from(c.fromConnectHeader('t', 'h', null, 'x') as Uint8Array).toString()).toBe('x');
  });

  it('ByteArrayConverter keeps header bytes', () => {
    const c = new ByteArrayConverter();
    c.configure({});
    const bytes = Uint8Array.of(1, 2);
    expect(c.toConnectHeader('t', 'h', bytes)).toEqual({ schema: Schema.OPTIONAL_BYTES_SCHEMA, value: bytes });
    expect(c.fromConnectHeader('t', 'h', null, bytes)).toBe(bytes);
  });

  it('JsonConverter reads each header as one JSON document, with the envelope unless schemas.enable=false', () => {
    const envelope = new JsonConverter();
    envelope.configure({});
    const value = envelope.toConnectHeader('t', 'h', Buffer.from('{"schema":{"type":"int64"},"payload":5}'));
    expect(value).toEqual({ schema: Schema.INT64_SCHEMA, value: 5n });
    expect(() => envelope.toConnectHeader('t', 'h', Buffer.from('{"a":1}'))).toThrow(DataError);
    const plain = new JsonConverter();
    plain.configure({ 'schemas.enable': 'false' });
    expect(plain.toConnectHeader('t', 'h', Buffer.from('{"a":[1,2]}')).value).toEqual({ a: [1n, 2n] });
    const written = plain.fromConnectHeader('t', 'h', Schema.STRING_SCHEMA, 'x');
    expect(Buffer.from(written as Uint8Array).toString()).toBe('"x"');
  });
});
