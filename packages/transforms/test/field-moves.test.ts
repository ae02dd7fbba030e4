import { ConfigError, DataError, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { ExtractFieldKey, ExtractFieldValue } from '../src/extract-field.js';
import { HoistFieldKey, HoistFieldValue } from '../src/hoist-field.js';
import { ValueToKey } from '../src/value-to-key.js';
import { configured, record, structKey, withValue } from './records.js';

const schema = SchemaBuilder.struct()
  .field('id', Schema.INT32_SCHEMA)
  .field('name', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

describe('ExtractField', () => {
  it('replaces a schemaless value with one field, null when absent', () => {
    const smt = configured(ExtractFieldValue, { field: 'id' });
    expect(smt.apply(withValue({ id: 7n }))?.value).toBe(7n);
    expect(smt.apply(withValue({ other: 1n }))?.value).toBeNull();
  });

  it('takes the field and its schema from a Struct; an unknown field is a data error', () => {
    const value = new Struct(schema).put('id', 7).put('name', 'x');
    const out = configured(ExtractFieldKey, { field: 'name' }).apply(record({ key: value, keySchema: schema }));
    expect([out?.key, out?.keySchema]).toEqual(['x', Schema.OPTIONAL_STRING_SCHEMA]);
    expect(() => configured(ExtractFieldValue, { field: 'nope' }).apply(withValue(value, schema))).toThrow(
      /Unknown field: nope/,
    );
  });

  it('needs a field', () => {
    expect(() => configured(ExtractFieldValue, {})).toThrow(ConfigError);
  });
});

describe('HoistField', () => {
  it("wraps a schemaless value, and a schema'd one in a one-field Struct", () => {
    expect(configured(HoistFieldValue, { field: 'v' }).apply(withValue(42n))?.value).toEqual({ v: 42n });
    const out = configured(HoistFieldKey, { field: 'k' }).apply(record({ key: 42, keySchema: Schema.INT32_SCHEMA }));
    expect(structKey(out).get('k')).toBe(42);
    expect(out?.keySchema?.field('k')?.schema).toEqual(Schema.INT32_SCHEMA);
  });
});

describe('ValueToKey', () => {
  it('makes the key from value fields, schemaless and with a schema', () => {
    const smt = configured(ValueToKey, { fields: 'id' });
    expect(smt.apply(withValue({ id: 7n, name: 'x' }))?.key).toEqual({ id: 7n });
    const out = smt.apply(withValue(new Struct(schema).put('id', 7).put('name', 'x'), schema));
    expect(structKey(out).get('id')).toBe(7);
    expect(out?.keySchema?.fields.map((f) => f.name)).toEqual(['id']);
  });

  it('fails when a named field does not exist in the value schema', () => {
    const value = new Struct(schema).put('id', 7);
    expect(() => configured(ValueToKey, { fields: 'id,missing' }).apply(withValue(value, schema))).toThrow(DataError);
    expect(() => configured(ValueToKey, { fields: 'id,missing' }).apply(withValue(value, schema))).toThrow(
      /Field does not exist: missing/,
    );
  });

  it("gives a null value with a schema the extracted field's schema (Kafka's ExtractField with a schema)", () => {
    const schema = SchemaBuilder.struct().optional().field('id', Schema.OPTIONAL_INT64_SCHEMA).build();
    const out = configured(ExtractFieldValue, { field: 'id' }).apply(withValue(null, schema));
    expect([out?.value, out?.valueSchema]).toEqual([null, Schema.OPTIONAL_INT64_SCHEMA]);
    expect(configured(ExtractFieldValue, { field: 'id' }).apply(withValue(null))?.value).toBeNull();
  });

  it.each([
    [true, 7n],
    [false, null],
  ])(
    'reads a null field as its default when replace.null.with.default=%s (ExtractField, ValueToKey)',
    (replace, expected) => {
      const schema = SchemaBuilder.struct()
        .field('id', SchemaBuilder.int64().optional().defaultValue(7n).build())
        .build();
      const value = new Struct(schema).put('id', null);
      const extracted = configured(ExtractFieldValue, { field: 'id', 'replace.null.with.default': replace });
      expect(extracted.apply(withValue(value, schema))?.value).toBe(expected);
      const keyed = configured(ValueToKey, { fields: 'id', 'replace.null.with.default': replace });
      expect(structKey(keyed.apply(withValue(value, schema))).getWithoutDefault('id')).toBe(expected);
    },
  );
});
