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
  valuesEqual,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../src/index.js';

const TOPIC = 'topic';
const headers = new Headers();
const bytes = (text: string) => Buffer.from(text, 'utf8');

function converter(configs: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, false);
  return c;
}

function read(text: string, configs?: Record<string, string>) {
  return converter(configs).toConnectData(TOPIC, headers, bytes(text));
}

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

// Envelopes and expected values taken from Kafka Connect's own JsonConverterTest
// (apache/kafka connect/json/src/test/java/org/apache/kafka/connect/json/JsonConverterTest.java).
describe('JsonConverter reads Kafka Connect envelopes as Connect does', () => {
  it('schema metadata: optional, default, name, version, doc, parameters', () => {
    expect(read('{ "schema": { "type": "boolean" }, "payload": true }')).toEqual({
      schema: Schema.BOOLEAN_SCHEMA,
      value: true,
    });
    const optional = read('{ "schema": { "type": "boolean", "optional": true }, "payload": null }');
    expect(optional.schema?.equals(Schema.OPTIONAL_BOOLEAN_SCHEMA)).toBe(true);
    expect(optional.value).toBeNull();
    const withDefault = read('{ "schema": { "type": "boolean", "default": true }, "payload": null }');
    expect(withDefault.schema?.equals(SchemaBuilder.bool().defaultValue(true).build())).toBe(true);
    expect(withDefault.value).toBe(true);
    const meta = read(
      '{ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, "doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true }',
    );
    const expected = SchemaBuilder.bool().required().name('bool').version(2).doc('the documentation');
    expect(meta.schema?.equals(expected.parameter('foo', 'bar').build())).toBe(true);
  });

  it.each([
    ['int8', 12, Schema.INT8_SCHEMA, 12],
    ['int16', 12, Schema.INT16_SCHEMA, 12],
    ['int32', 12, Schema.INT32_SCHEMA, 12],
    ['int64', 4398046511104, Schema.INT64_SCHEMA, 4398046511104n],
    ['float', 12.34, Schema.FLOAT32_SCHEMA, 12.34],
    ['double', 12.34, Schema.FLOAT64_SCHEMA, 12.34],
    ['string', '"foo-bar-baz"', Schema.STRING_SCHEMA, 'foo-bar-baz'],
  ])('%s', (type, payload, schema, value) => {
    const out = read(`{ "schema": { "type": "${type}" }, "payload": ${payload} }`);
    expect(out.schema?.equals(schema)).toBe(true);
    expect(out.value).toEqual(value);
  });

  it('bytes from base64', () => {
    const out = read('{ "schema": { "type": "bytes" }, "payload": "dGVzdC1zdHJpbmc=" }');
    expect(Buffer.from(out.value as Uint8Array).toString()).toBe('test-string');
  });

  it('arrays, maps with string and non-string keys, structs with optional fields', () => {
    expect(
      read('{ "schema": { "type": "array", "items": { "type" : "int32" } }, "payload": [1, 2, 3] }').value,
    ).toEqual([1, 2, 3]);
    const stringKeys = read(
      '{ "schema": { "type": "map", "keys": { "type" : "string" }, "values": { "type" : "int32" } }, "payload": { "key1": 12, "key2": 15} }',
    );
    expect(stringKeys.value).toEqual(
      new Map([
        ['key1', 12],
        ['key2', 15],
      ]),
    );
    const intKeys = read(
      '{ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": [ [1, 12], [2, 15] ] }',
    );
    expect(intKeys.value).toEqual(
      new Map([
        [1, 12],
        [2, 15],
      ]),
    );
    const struct = read(
      '{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } }',
    );
    const schema = SchemaBuilder.struct()
      .field('optional', Schema.OPTIONAL_STRING_SCHEMA)
      .field('required', Schema.STRING_SCHEMA)
      .build();
    expect((struct.value as Struct).equals(new Struct(schema).put('required', 'required'))).toBe(true);
  });

  it('a tombstone is the null value; {schema: null} payloads are schemaless (integers as Long → bigint)', () => {
    expect(converter().toConnectData(TOPIC, headers, null)).toEqual({ schema: null, value: null });
    expect(read('{ "schema": null, "payload": null }')).toEqual({ schema: null, value: null });
    expect(read('{ "schema": null, "payload": 12 }').value).toBe(12n);
    expect(read('{ "schema": null, "payload": 12.24 }').value).toBe(12.24);
    expect(read('{ "schema": null, "payload": [1, "2", 3] }').value).toEqual([1n, '2', 3n]);
    expect(read('{ "schema": null, "payload": { "field1": 1, "field2": 2} }').value).toEqual({
      field1: 1n,
      field2: 2n,
    });
  });

  it('decimals: base64 bytes, numeric, trailing zeros, more digits than a double holds, defaults', () => {
    const decimal = '"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1';
    const base64 = read(`{ "schema": { ${decimal}, "parameters": { "scale": "2" } }, "payload": "AJw=" }`);
    expect(base64.schema?.equals(DecimalSchema.schema(2))).toBe(true);
    expect(base64.value).toEqual(new Decimal(156n, 2));
    expect(read(`{ "schema": { ${decimal}, "parameters": { "scale": "2" } }, "payload": 1.56 }`).value).toEqual(
      new Decimal(156n, 2),
    );
    expect(read(`{ "schema": { ${decimal}, "parameters": { "scale": "4" } }, "payload": 1.5600 }`).value).toEqual(
      new Decimal(15600n, 4),
    );
    const precise = read(
      `{ "schema": { ${decimal}, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 }`,
    );
    expect((precise.value as Decimal).toString()).toBe('1.23456789123456789');
    const withDefault = read(
      `{ "schema": { ${decimal}, "optional": true, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }`,
    );
    expect(withDefault.value).toEqual(new Decimal(156n, 2));
  });

  it('Date, Time, Timestamp, with optional and default forms', () => {
    const date = read(
      '{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1 }, "payload": 10000 }',
    );
    expect(date.schema?.equals(DateSchema.SCHEMA)).toBe(true);
    expect(date.value).toEqual(new Date(Date.UTC(1997, 4, 19)));
    const time = read(
      '{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1 }, "payload": 14400000 }',
    );
    expect(time.schema?.equals(TimeSchema.SCHEMA)).toBe(true);
    expect(time.value).toEqual(new Date(14_400_000));
    const ts = read(
      '{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1 }, "payload": 4000000000 }',
    );
    expect(ts.schema?.equals(TimestampSchema.SCHEMA)).toBe(true);
    expect(ts.value).toEqual(new Date(4_000_000_000));
    const tsDefault = read(
      '{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1,  "optional": true, "default": 42 }, "payload": null }',
    );
    expect(tsDefault.value).toEqual(new Date(42));
    const dateOptional = read(
      '{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "optional": true }, "payload": null }',
    );
    expect(dateOptional.value).toBeNull();
  });

  it('schemas.enable=false: plain JSON, empty bytes are null, empty strings and nulls kept', () => {
    expect(read('', { 'schemas.enable': 'false' })).toEqual({ schema: null, value: null });
    expect(read('{ "a": "", "b": null}', { 'schemas.enable': 'false' }).value).toEqual({ a: '', b: null });
  });
});

describe('JsonConverter writes what Connect writes', () => {
  it("the envelope with Connect's schema keys and order", () => {
    const schema = SchemaBuilder.struct()
      .name('com.example.Person')
      .field('name', Schema.STRING_SCHEMA)
      .field('age', SchemaBuilder.int32().optional().build())
      .build();
    const out = converter().fromConnectData(TOPIC, headers, schema, new Struct(schema).put('name', 'ann'));
    expect(Buffer.from(out as Uint8Array).toString()).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"name"},' +
        '{"type":"int32","optional":true,"field":"age"}],"optional":false,"name":"com.example.Person"},' +
        '"payload":{"name":"ann","age":null}}',
    );
    const meta = SchemaBuilder.bool().required().name('bool').version(3).doc('the documentation');
    const text = converter().fromConnectData(TOPIC, headers, meta.parameter('foo', 'bar').build(), true);
    expect(JSON.parse(Buffer.from(text as Uint8Array).toString())).toEqual({
      schema: {
        type: 'boolean',
        optional: false,
        name: 'bool',
        version: 3,
        doc: 'the documentation',
        parameters: { foo: 'bar' },
      },
      payload: true,
    });
  });

  it('decimal.format: BASE64 by default, NUMERIC with every digit', () => {
    const schema = DecimalSchema.schema(2);
    const value = new Decimal(156n, 2);
    const base64 = converter().fromConnectData(TOPIC, headers, schema, value) as Uint8Array;
    expect(JSON.parse(Buffer.from(base64).toString()).payload).toBe('AJw=');
    const big = new Decimal(123456789012345678901234567890n, 2);
    const numeric = converter({ 'decimal.format': 'NUMERIC' }).fromConnectData(
      TOPIC,
      headers,
      schema,
      big,
    ) as Uint8Array;
    expect(Buffer.from(numeric).toString()).toContain('"payload":1234567890123456789012345678.90}');
  });

  it('schemaless maps and values without a schema', () => {
    const c = converter({ 'schemas.enable': 'false' });
    const out = c.fromConnectData(TOPIC, headers, null, { a: 1, b: [true, null], c: 9007199254740993n }) as Uint8Array;
    expect(Buffer.from(out).toString()).toBe('{"a":1,"b":[true,null],"c":9007199254740993}');
    expect(c.fromConnectData(TOPIC, headers, null, null)).toBeNull();
  });
});

describe('JsonConverter round trips every Connect type', () => {
  const address = SchemaBuilder.struct()
    .name('Address')
    .field('street', Schema.STRING_SCHEMA)
    .field('zip', Schema.OPTIONAL_STRING_SCHEMA)
    .build();
  const schema = SchemaBuilder.struct()
    .name('com.example.Everything')
    .field('i8', Schema.INT8_SCHEMA)
    .field('i16', Schema.INT16_SCHEMA)
    .field('i32', Schema.INT32_SCHEMA)
    .field('i64', Schema.INT64_SCHEMA)
    .field('f32', Schema.FLOAT32_SCHEMA)
    .field('f64', Schema.FLOAT64_SCHEMA)
    .field('bool', Schema.BOOLEAN_SCHEMA)
    .field('text', Schema.STRING_SCHEMA)
    .field('empty', Schema.STRING_SCHEMA)
    .field('unicode', Schema.STRING_SCHEMA)
    .field('blob', Schema.BYTES_SCHEMA)
    .field('nothing', Schema.OPTIONAL_STRING_SCHEMA)
    .field('withDefault', SchemaBuilder.int32().defaultValue(7).build())
    .field('money', DecimalSchema.builder(4).optional().build())
    .field('day', DateSchema.SCHEMA)
    .field('time', TimeSchema.SCHEMA)
    .field('at', TimestampSchema.SCHEMA)
    .field('tags', SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
    .field('counts', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
    .field('byId', SchemaBuilder.map(Schema.INT32_SCHEMA, address).build())
    .field('address', address)
    .field('history', SchemaBuilder.array(address).optional().build())
    .build();
  const large = Buffer.alloc(1_000_000);
  for (let i = 0; i < large.length; i++) large[i] = (i * 7919) % 256;
  const home = new Struct(address).put('street', 'Hauptstraße 1').put('zip', '10115');
  const value = new Struct(schema)
    .put('i8', -128)
    .put('i16', 32767)
    .put('i32', -2147483648)
    .put('i64', -9223372036854775808n)
    .put('f32', 1.5)
    .put('f64', 0.1)
    .put('bool', false)
    .put('text', 'plain')
    .put('empty', '')
    .put('unicode', '日本語 🎉 "quoted" \\ \n\t\u0000')
    .put('blob', new Uint8Array(large))
    .put('money', new Decimal(-123456789012345678901234567890n, 4))
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('time', new Date(86_399_999))
    .put('at', new Date(Date.UTC(2024, 1, 29, 12, 30, 45, 678)))
    .put('tags', ['a', null, ''])
    .put('counts', new Map([['x', 9007199254740993n]]))
    .put('byId', new Map([[42, home]]))
    .put('address', new Struct(address).put('street', 'Main'));

  it.each(['BASE64', 'NUMERIC'])('with decimal.format=%s', (format) => {
    const c = converter({ 'decimal.format': format });
    const encoded = c.fromConnectData(TOPIC, headers, schema, value) as Uint8Array;
    const back = c.toConnectData(TOPIC, headers, encoded);
    expect(back.schema?.equals(schema)).toBe(true);
    const struct = back.value as Struct;
    for (const f of schema.fields) {
      const expected = f.name === 'withDefault' ? 7 : value.get(f.name);
      expect(valuesEqual(struct.get(f.name), expected), f.name).toBe(true);
    }
    expect(struct.getInt64('i64')).toBe(-9223372036854775808n);
    expect(struct.getString('unicode')).toBe('日本語 🎉 "quoted" \\ \n\t\u0000');
  });
});

describe('JsonConverter rejects bad data with a DataError naming the topic', () => {
  it.each([
    ['malformed JSON', '{"schema": {"type": "int32"}, "payload": 1', 'malformed JSON'],
    ['truncated exact-number JSON', '{"schema": null, "payload": 12345678901234567890', 'malformed JSON'],
    ['no envelope', '{"a": 1}', 'requires "schema" and "payload" fields'],
    ['payload of the wrong type', '{ "schema": { "type": "boolean" }, "payload": "yes" }', 'Invalid JSON STRING'],
    ['int8 out of range', '{ "schema": { "type": "int8" }, "payload": 300 }', 'Invalid JSON NUMBER'],
    ['null for a required field', '{ "schema": { "type": "int32" }, "payload": null }', 'Invalid null value'],
    ['bytes not base64', '{ "schema": { "type": "bytes" }, "payload": "***" }', 'not base64'],
    ['unknown schema type', '{ "schema": { "type": "int128" }, "payload": 1 }', 'Unknown schema type'],
  ])('%s', (_what, text, reason) => {
    const error = dataError(() => read(text));
    expect(error.message).toContain(reason);
    expect(error.topic).toBe(TOPIC);
    expect(error.message).toContain(`(topic ${TOPIC})`);
  });

  it('invalid UTF-8', () => {
    const error = dataError(() => converter().toConnectData(TOPIC, headers, new Uint8Array([0x7b, 0xff, 0x7d])));
    expect(error.message).toContain('not valid UTF-8');
  });

  it('a value that does not fit the schema when writing', () => {
    const error = dataError(() => converter().fromConnectData(TOPIC, headers, Schema.INT64_SCHEMA, 'x'));
    expect(error.message).toContain('Invalid type for INT64');
  });
});
