import { ConfigError, DataError, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { ReplaceFieldKey, ReplaceFieldValue } from '../src/replace-field.js';
import { configured, record, structValue, withValue } from './records.js';

describe('ReplaceField', () => {
  it('includes, excludes and renames schemaless fields; exclude wins over include', () => {
    const smt = configured(ReplaceFieldValue, { include: 'dont,abc,foo', exclude: 'dont', renames: 'abc:xyz,foo:bar' });
    const out = smt.apply(withValue({ dont: 'whatever', abc: 42n, foo: true, etc: 'etc' }));
    expect(out?.value).toEqual({ xyz: 42n, bar: true });
  });

  it('rebuilds a Struct and its schema, keeping the schema name', () => {
    const schema = SchemaBuilder.struct()
      .name('Order')
      .field('dont', Schema.STRING_SCHEMA)
      .field('abc', Schema.INT32_SCHEMA)
      .field('foo', Schema.BOOLEAN_SCHEMA)
      .build();
    const value = new Struct(schema).put('dont', 'x').put('abc', 42).put('foo', true);
    const out = configured(ReplaceFieldValue, { exclude: 'dont', renames: 'abc:xyz' }).apply(withValue(value, schema));
    const s = out?.valueSchema as Schema;
    expect(s.name).toBe('Order');
    expect(s.fields.map((f) => f.name)).toEqual(['xyz', 'foo']);
    expect(structValue(out).get('xyz')).toBe(42);
  });

  it('accepts the deprecated blacklist and whitelist names, and works on keys', () => {
    const out = configured(ReplaceFieldKey, { blacklist: 'b' }).apply(record({ key: { a: 1n, b: 2n } }));
    expect(out?.key).toEqual({ a: 1n });
    const kept = configured(ReplaceFieldValue, { whitelist: 'a' }).apply(withValue({ a: 1n, b: 2n }));
    expect(kept?.value).toEqual({ a: 1n });
  });

  it('refuses a rename that is not old:new, naming renames', () => {
    expect(() => configured(ReplaceFieldValue, { renames: 'abc' })).toThrow(ConfigError);
    expect(() => configured(ReplaceFieldValue, { renames: 'abc' })).toThrow(/renames.*invalid rename mapping: abc/);
  });

  it('fails on a primitive value with a data error', () => {
    expect(() => configured(ReplaceFieldValue, { exclude: 'a' }).apply(withValue(5n))).toThrow(DataError);
  });

  it('prefers exclude/include over their old names blacklist/whitelist, as Kafka 3.x did', () => {
    const smt = configured(ReplaceFieldValue, { exclude: 'a', blacklist: 'b', whitelist: 'a,b,c' });
    expect(smt.apply(withValue({ a: 1n, b: 2n, c: 3n, d: 4n }))?.value).toEqual({ b: 2n, c: 3n });
  });

  it.each([
    [true, 'default'],
    [false, null],
  ])('copies a null field as its default when replace.null.with.default=%s', (replace, expected) => {
    const schema = SchemaBuilder.struct()
      .field('f', SchemaBuilder.string().optional().defaultValue('default').build())
      .build();
    const smt = configured(ReplaceFieldValue, { renames: 'f:g', 'replace.null.with.default': replace });
    expect(structValue(smt.apply(withValue(new Struct(schema).put('f', null), schema))).getWithoutDefault('g')).toBe(
      expected,
    );
  });
});
