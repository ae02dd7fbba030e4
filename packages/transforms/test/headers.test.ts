import { ConfigError, DataError, Headers, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { DropHeaders } from '../src/drop-headers.js';
import { HeaderFromKey, HeaderFromValue } from '../src/header-from.js';
import { InsertHeader } from '../src/insert-header.js';
import { configured, record, structValue, withValue } from './records.js';

const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('user', Schema.STRING_SCHEMA).build();

describe('HeaderFrom', () => {
  it('copies Struct fields into headers with their schemas', () => {
    const value = new Struct(schema).put('id', 1).put('user', 'ann');
    const out = configured(HeaderFromValue, { fields: 'user', headers: 'who', operation: 'copy' }).apply(
      withValue(value, schema),
    );
    expect(out?.value).toBe(value);
    const header = out?.headers.lastWithName('who');
    expect([header?.value, header?.schema]).toEqual(['ann', Schema.STRING_SCHEMA]);
  });

  it('moves fields out of a schemaless key and of a Struct value', () => {
    const key = configured(HeaderFromKey, { fields: 'id', headers: 'key-id', operation: 'move' }).apply(
      record({ key: { id: 7n, other: 1n } }),
    );
    expect(key?.key).toEqual({ other: 1n });
    expect(key?.headers.lastWithName('key-id')?.value).toBe(7n);
    const value = configured(HeaderFromValue, { fields: 'id', headers: 'h', operation: 'move' }).apply(
      withValue(new Struct(schema).put('id', 1).put('user', 'ann'), schema),
    );
    expect(value?.valueSchema?.fields.map((f) => f.name)).toEqual(['user']);
    expect(structValue(value).get('user')).toBe('ann');
  });

  it('refuses lists of different lengths and a field the schema does not have', () => {
    expect(() => configured(HeaderFromValue, { fields: 'a,b', headers: 'h', operation: 'copy' })).toThrow(ConfigError);
    expect(() => configured(HeaderFromValue, { fields: 'a', headers: 'h', operation: 'steal' })).toThrow(/operation/);
    const smt = configured(HeaderFromValue, { fields: 'nope', headers: 'h', operation: 'copy' });
    expect(() => smt.apply(withValue(new Struct(schema).put('id', 1).put('user', 'x'), schema))).toThrow(DataError);
  });
});

describe('InsertHeader and DropHeaders', () => {
  it('adds a literal header, and drops every header with a listed name', () => {
    const inserted = configured(InsertHeader, { header: 'source', 'value.literal': 'sinkkit' }).apply(record());
    expect(inserted.headers.lastWithName('source')?.value).toBe('sinkkit');
    const headers = new Headers().addString('a', '1').addString('b', '2').addString('a', '3');
    const dropped = configured(DropHeaders, { headers: 'a' }).apply(record({ headers }));
    expect(dropped.headers.toArray().map((h) => h.key)).toEqual(['b']);
    expect(headers.toArray()).toHaveLength(3);
  });

  it('needs the header name', () => {
    expect(() => configured(InsertHeader, { 'value.literal': 'x' })).toThrow(ConfigError);
    expect(() => configured(DropHeaders, { headers: '' })).toThrow(ConfigError);
  });

  it.each([
    [true, 'default'],
    [false, null],
  ])('copies a null field with a default as the default when replace.null.with.default=%s', (replace, expected) => {
    const schema = SchemaBuilder.struct()
      .field('f', SchemaBuilder.string().optional().defaultValue('default').build())
      .field('g', Schema.STRING_SCHEMA)
      .build();
    const smt = configured(HeaderFromValue, {
      fields: 'f',
      headers: 'h',
      operation: 'move',
      'replace.null.with.default': replace,
    });
    const out = smt.apply(withValue(new Struct(schema).put('f', null).put('g', 'x'), schema));
    expect(out.headers.lastWithName('h')?.value).toBe(expected);
    expect(structValue(out).get('g')).toBe('x');
  });

  it('adds a null header for a field a schemaless value lacks', () => {
    const out = configured(HeaderFromValue, { fields: 'f', headers: 'h', operation: 'copy' }).apply(withValue({}));
    expect(out.headers.lastWithName('h')?.value).toBeNull();
  });
});
