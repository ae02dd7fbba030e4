import { ConfigError, DataError, Decimal, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { CastKey, CastValue } from '../src/cast.js';
import { configured, record, structKey, withValue } from './records.js';

describe('Cast', () => {
  it("casts a whole schema'd value, keeping it optional (Kafka's spec=int32)", () => {
    const out = configured(CastValue, { spec: 'int32' }).apply(withValue(42n, Schema.OPTIONAL_INT64_SCHEMA));
    expect([out?.value, out?.valueSchema]).toEqual([42, Schema.OPTIONAL_INT32_SCHEMA]);
  });

  it('narrows, widens and converts as Java does', () => {
    const smt = configured(CastValue, {
      spec: 'a:int8,b:int16,c:float32,d:boolean,e:string,f:int64,g:string,h:string,i:string',
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
        h: new Decimal(-1205n, 2),
        i: true,
      }),
    );
    expect(out?.value).toEqual({ a: 44, b: 1, c: 42, d: false, e: '1.0', f: -12n, g: 'AQI=', h: '-12.05', i: 'true' });
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

  it('fails on text that is not a number, an out-of-range string and a struct', () => {
    const smt = configured(CastValue, { spec: 'n:int8' });
    expect(() => smt.apply(withValue({ n: 'abc' }))).toThrow(DataError);
    expect(() => smt.apply(withValue({ n: '300' }))).toThrow(/out of range for int8/);
    const schema = SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build();
    expect(() =>
      configured(CastValue, { spec: 'int32' }).apply(withValue(new Struct(schema).put('n', 1), schema)),
    ).toThrow(/needs a primitive schema/);
  });

  it('refuses an unknown type and a whole-value cast mixed with field casts, naming spec', () => {
    expect(() => configured(CastValue, { spec: 'a:uint8' })).toThrow(ConfigError);
    expect(() => configured(CastValue, { spec: 'int32,a:int8' })).toThrow(/spec.*cannot be combined/);
  });
});
