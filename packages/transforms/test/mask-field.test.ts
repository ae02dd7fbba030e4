import { ConfigError, DataError, Decimal, DecimalSchema, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { MaskFieldKey, MaskFieldValue } from '../src/mask-field.js';
import { configured, record, structValue, withValue } from './records.js';

describe('MaskField', () => {
  it('masks schemaless values with the empty value of their type', () => {
    const smt = configured(MaskFieldValue, { fields: 'b,i,l,f,s,d,a,m,missing' });
    const out = smt.apply(
      withValue({ b: true, i: 7, l: 7n, f: 1.5, s: 'secret', d: new Date(5), a: [1n], m: { k: 'v' }, keep: 'x' }),
    );
    expect(out?.value).toEqual({
      b: false,
      i: 0,
      l: 0n,
      f: 0,
      s: '',
      d: new Date(0),
      a: [],
      m: {},
      keep: 'x',
      missing: null,
    });
  });

  it('masks Struct fields by their schema type, keeping the schema and decimals at their scale', () => {
    const schema = SchemaBuilder.struct()
      .field('ssn', Schema.STRING_SCHEMA)
      .field('age', Schema.INT8_SCHEMA)
      .field('balance', DecimalSchema.schema(2))
      .field('note', Schema.OPTIONAL_STRING_SCHEMA)
      .build();
    const value = new Struct(schema).put('ssn', '123-45-6789').put('age', 40).put('balance', new Decimal(1234n, 2));
    const out = configured(MaskFieldValue, { fields: 'ssn,age,balance,note' }).apply(withValue(value, schema));
    const masked = out?.value as Struct;
    expect(out?.valueSchema).toBe(schema);
    expect([masked.get('ssn'), masked.get('age'), masked.get('note')]).toEqual(['', 0, null]);
    expect(masked.get('balance')).toEqual(new Decimal(0n, 2));
  });

  it('uses a replacement parsed as the field type, for numbers and strings', () => {
    const schema = SchemaBuilder.struct().field('s', Schema.STRING_SCHEMA).field('n', Schema.INT64_SCHEMA).build();
    const value = new Struct(schema).put('s', 'secret').put('n', 99n);
    const out = configured(MaskFieldValue, { fields: 's,n', replacement: '123' }).apply(withValue(value, schema));
    expect([structValue(out).get('s'), structValue(out).get('n')]).toEqual(['123', 123n]);
    const key = configured(MaskFieldKey, { fields: 'id', replacement: '***' }).apply(record({ key: { id: 'abc' } }));
    expect(key?.key).toEqual({ id: '***' });
  });

  it('refuses to mask what Kafka cannot: a replacement for a boolean, bytes, a bad number', () => {
    expect(() => configured(MaskFieldValue, { fields: 'b', replacement: 'x' }).apply(withValue({ b: true }))).toThrow(
      /Cannot mask value of type boolean with custom replacement/,
    );
    expect(() => configured(MaskFieldValue, { fields: 'b' }).apply(withValue({ b: new Uint8Array(2) }))).toThrow(
      DataError,
    );
    expect(() => configured(MaskFieldValue, { fields: 'n', replacement: 'abc' }).apply(withValue({ n: 5n }))).toThrow(
      'Unable to convert abc (String) to number',
    );
  });

  it('needs at least one field', () => {
    expect(() => configured(MaskFieldValue, { fields: '' })).toThrow(ConfigError);
  });

  it("replaces a schemaless number as a double, as Kafka masks a Double (Kafka's testSchemalessWithReplacement)", () => {
    const smt = configured(MaskFieldValue, { fields: 'd,l', replacement: '123.5' });
    expect(smt.apply(withValue({ d: 7 }))?.value).toEqual({ d: 123.5, l: null });
  });

  it.each([
    [true, ''],
    [false, null],
  ])('masks a null field with a default as the default when replace.null.with.default=%s', (replace, expected) => {
    const schema = SchemaBuilder.struct()
      .field('withDefault', SchemaBuilder.string().optional().defaultValue('default').build())
      .build();
    const smt = configured(MaskFieldValue, { fields: 'withDefault', 'replace.null.with.default': replace });
    const out = smt.apply(withValue(new Struct(schema).put('withDefault', null), schema));
    expect(structValue(out).getWithoutDefault('withDefault')).toBe(expected);
  });

  it("refuses an empty replacement naming the key (Kafka's testEmptyStringReplacementValue)", () => {
    expect(() => configured(MaskFieldValue, { fields: 'a', replacement: '' })).toThrow(/replacement.*non-empty/);
  });
});
