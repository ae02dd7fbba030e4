import { DataError, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { FlattenKey, FlattenValue } from '../src/flatten.js';
import { configured, record, withValue } from './records.js';

describe('Flatten', () => {
  it('flattens nested schemaless maps with the delimiter, keeping arrays as they are', () => {
    const smt = configured(FlattenValue, { delimiter: '#' });
    const out = smt.apply(withValue({ a: { b: { c: 1n }, d: 'x' }, list: [{ e: 1n }], top: true }));
    expect(out?.value).toEqual({ 'a#b#c': 1n, 'a#d': 'x', list: [{ e: 1n }], top: true });
  });

  it('flattens nested Structs, making fields of an optional struct optional', () => {
    const inner = SchemaBuilder.struct().field('c', Schema.INT32_SCHEMA).build();
    const optionalInner = SchemaBuilder.struct().optional().field('d', Schema.STRING_SCHEMA).build();
    const schema = SchemaBuilder.struct()
      .name('Outer')
      .field('a', inner)
      .field('o', optionalInner)
      .field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
      .build();
    const value = new Struct(schema).put('a', new Struct(inner).put('c', 5)).put('m', { k: 1 });
    const out = configured(FlattenValue, {}).apply(withValue(value, schema));
    const s = out?.valueSchema as Schema;
    expect(s.name).toBe('Outer');
    expect(s.fields.map((f) => [f.name, f.schema.type, f.schema.optional])).toEqual([
      ['a.c', 'INT32', false],
      ['o.d', 'STRING', true],
      ['m', 'MAP', false],
    ]);
    const flat = out?.value as Struct;
    expect([flat.get('a.c'), flat.get('o.d'), flat.get('m')]).toEqual([5, null, { k: 1 }]);
  });

  it('works on keys and fails on a primitive value', () => {
    expect(configured(FlattenKey, {}).apply(record({ key: { a: { b: 1n } } }))?.key).toEqual({ 'a.b': 1n });
    expect(() => configured(FlattenValue, {}).apply(withValue(1n))).toThrow(DataError);
  });
});
