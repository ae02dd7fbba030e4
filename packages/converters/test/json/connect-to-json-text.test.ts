import { Decimal, DecimalSchema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { connectToJsonText, JsonConverter } from '../../src/index.js';

describe('connectToJsonText', () => {
  it('writes schemaless values as the converter reads them back: bigint integers as exact JSON numbers', () => {
    const converter = new JsonConverter();
    converter.configure({ 'schemas.enable': 'false' }, false);
    const text = '{"id":9007199254740993,"n":1.5,"tags":["a"],"ok":true,"none":null}';
    const { value } = converter.toConnectData('t', null, Buffer.from(text));
    expect(() => JSON.stringify(value)).toThrow(/BigInt/);
    expect(connectToJsonText(null, value)).toBe(text);
  });

  it('writes Structs as objects, bytes as base64 and decimals per decimalFormat', () => {
    const decimal = DecimalSchema.schema(2);
    const schema = SchemaBuilder.struct()
      .field('id', SchemaBuilder.int64().build())
      .field('raw', SchemaBuilder.bytes().build())
      .field('price', decimal)
      .build();
    const struct = new Struct(schema)
      .put('id', 12n)
      .put('raw', new Uint8Array([1, 2, 3]))
      .put('price', Decimal.parse('12.34'));
    expect(connectToJsonText(schema, struct)).toBe('{"id":12,"raw":"AQID","price":"BNI="}');
    expect(connectToJsonText(schema, struct, { decimalFormat: 'NUMERIC' })).toBe(
      '{"id":12,"raw":"AQID","price":12.34}',
    );
  });

  it('refuses a value that does not fit its schema', () => {
    expect(() => connectToJsonText(SchemaBuilder.int32().build(), 'x')).toThrow(/INT32/);
  });
});
