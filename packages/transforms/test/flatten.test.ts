import { DataError, Decimal, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { FlattenKey, FlattenValue } from '../src/flatten.js';
import { configured, record, structValue, withValue } from './records.js';

describe('Flatten', () => {
  it('flattens nested schemaless maps with the delimiter, keeping arrays as they are', () => {
    const smt = configured(FlattenValue, { delimiter: '#' });
    const out = smt.apply(withValue({ a: { b: { c: 1n }, d: 'x' }, list: [{ e: 1n }], top: true }));
    expect(out?.value).toEqual({ 'a#b#c': 1n, 'a#d': 'x', list: [{ e: 1n }], top: true });
  });

  it('flattens nested Structs, making fields of an optional struct optional', () => {
    const inner = SchemaBuilder.struct().field('c', Schema.INT32_SCHEMA).build();
    const optionalInner = SchemaBuilder.struct().optional().field('d', Schema.STRING_SCHEMA).build();
    const schema = SchemaBuilder.struct().name('Outer').field('a', inner).field('o', optionalInner).build();
    const value = new Struct(schema).put('a', new Struct(inner).put('c', 5));
    const out = configured(FlattenValue, {}).apply(withValue(value, schema));
    const s = out?.valueSchema as Schema;
    expect(s.name).toBe('Outer');
    expect(s.fields.map((f) => [f.name, f.schema.type, f.schema.optional])).toEqual([
      ['a.c', 'INT32', false],
      ['o.d', 'STRING', true],
    ]);
    const flat = out?.value as Struct;
    expect([flat.get('a.c'), flat.get('o.d')]).toEqual([5, null]);
  });

  it('works on keys and fails on a primitive value', () => {
    expect(configured(FlattenKey, {}).apply(record({ key: { a: { b: 1n } } }))?.key).toEqual({ 'a.b': 1n });
    expect(() => configured(FlattenValue, {}).apply(withValue(1n))).toThrow(DataError);
  });

  it('refuses a MAP field with a schema, as Kafka does ("does not support MAP for record with schemas")', () => {
    const schema = SchemaBuilder.struct()
      .field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
      .build();
    const value = new Struct(schema).put('m', new Map([['k', 1]]));
    expect(() => configured(FlattenValue, {}).apply(withValue(value, schema))).toThrow(
      'Flatten transformation does not support MAP for record with schemas (for field m).',
    );
  });

  it("keeps arrays of structs whole, schema and value (Kafka's testArrayWithSchema)", () => {
    const nested = SchemaBuilder.struct().field('lfg', Schema.STRING_SCHEMA).build();
    const inner = SchemaBuilder.struct().field('baz', nested).build();
    const schema = SchemaBuilder.struct().field('foo', SchemaBuilder.array(inner).doc('durk').build()).build();
    const element = new Struct(inner).put('baz', new Struct(nested).put('lfg', 'lfg'));
    const value = new Struct(schema).put('foo', [element]);
    const out = configured(FlattenValue, {}).apply(withValue(value, schema));
    expect(structValue(out).get('foo')).toEqual([element]);
    expect(out?.valueSchema?.field('foo')?.schema).toEqual(schema.field('foo')?.schema);
  });

  it("makes fields optional and takes defaults from an optional top-level struct's default (Kafka's testOptionalAndDefaultValuesNested)", () => {
    const fields = (b: SchemaBuilder) =>
      b
        .optional()
        .field('req_field', Schema.STRING_SCHEMA)
        .field('opt_field', SchemaBuilder.string().optional().defaultValue('child_default').build());
    const childDefault = new Struct(fields(SchemaBuilder.struct()).build()).put('req_field', 'req_default');
    const schema = fields(SchemaBuilder.struct()).defaultValue(childDefault).build();
    const out = configured(FlattenValue, {}).apply(withValue(new Struct(schema), schema));
    const s = out?.valueSchema as Schema;
    expect(s.optional).toBe(false);
    expect(s.field('req_field')?.schema).toEqual(SchemaBuilder.string().optional().defaultValue('req_default').build());
    expect(s.field('opt_field')?.schema).toEqual(
      SchemaBuilder.string().optional().defaultValue('child_default').build(),
    );
  });

  it("leaves the fields of a null optional nested struct null (Kafka's testOptionalNestedStruct)", () => {
    const b = SchemaBuilder.struct().optional().field('opt_int32', Schema.OPTIONAL_INT32_SCHEMA).build();
    const schema = SchemaBuilder.struct().field('B', b).build();
    const out = configured(FlattenValue, {}).apply(withValue(new Struct(schema).put('B', null), schema));
    expect(structValue(out).get('B.opt_int32')).toBeNull();
  });

  it("keeps null map entries and follows JS Maps (Kafka's testMapWithNullFields, testOptionalFieldMap)", () => {
    const out = configured(FlattenValue, {}).apply(withValue({ B: { opt_int32: null }, m: new Map([['k', 1n]]) }));
    expect(out?.value).toEqual({ 'B.opt_int32': null, 'm.k': 1n });
  });

  it('refuses schemaless values Connect has no type for, and Structs inside a schemaless map', () => {
    const smt = configured(FlattenValue, {});
    expect(() => smt.apply(withValue({ d: new Decimal(1n, 0) }))).toThrow(/not supported by Connect's data API/);
    const schema = SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build();
    expect(() => smt.apply(withValue({ s: new Struct(schema).put('n', 1) }))).toThrow(
      'Flatten transformation does not support Struct for record without schemas (for field s).',
    );
  });
});
