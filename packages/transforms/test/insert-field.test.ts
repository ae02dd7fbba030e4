import { ConfigError, DataError, Schema, SchemaBuilder, Struct, TimestampSchema } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { InsertFieldKey, InsertFieldValue } from '../src/insert-field.js';
import { configured, record, structValue, withValue } from './records.js';

const all = {
  'topic.field': 'topic_field!',
  'partition.field': 'partition_field',
  'offset.field': 'offset_field!',
  'timestamp.field': 'timestamp_field?',
  'static.field': 'instance_id',
  'static.value': 'my-instance-id',
};

describe('InsertField', () => {
  it('adds the coordinates and a static value to a schemaless value', () => {
    const out = configured(InsertFieldValue, all).apply(withValue({ magic: 42n }));
    expect(out?.value).toEqual({
      magic: 42n,
      topic_field: 'orders',
      partition_field: 2,
      offset_field: 42n,
      timestamp_field: 1_700_000_000_000n,
      instance_id: 'my-instance-id',
    });
  });

  it('adds typed fields to a Struct, required with ! and optional otherwise, and reuses the schema', () => {
    const schema = SchemaBuilder.struct()
      .name('name')
      .version(1)
      .doc('doc')
      .field('magic', Schema.OPTIONAL_INT64_SCHEMA)
      .build();
    const smt = configured(InsertFieldValue, all);
    const out = smt.apply(withValue(new Struct(schema).put('magic', 42n), schema));
    const s = out?.valueSchema as Schema;
    expect([s.name, s.version, s.doc]).toEqual(['name', 1, 'doc']);
    expect(s.field('topic_field')?.schema).toEqual(Schema.STRING_SCHEMA);
    expect(s.field('partition_field')?.schema).toEqual(Schema.OPTIONAL_INT32_SCHEMA);
    expect(s.field('offset_field')?.schema).toEqual(Schema.INT64_SCHEMA);
    expect(s.field('timestamp_field')?.schema.name).toBe(TimestampSchema.LOGICAL_NAME);
    expect(s.field('timestamp_field')?.schema.optional).toBe(true);
    const value = out?.value as Struct;
    expect(value.get('magic')).toBe(42n);
    expect(value.get('offset_field')).toBe(42n);
    expect(value.get('timestamp_field')).toEqual(new Date(1_700_000_000_000));
    expect(value.get('instance_id')).toBe('my-instance-id');
    const again = smt.apply(withValue(new Struct(schema).put('magic', 1n), schema));
    expect(again?.valueSchema).toBe(s);
  });

  it('works on the key with $Key and passes tombstones through', () => {
    const smt = configured(InsertFieldKey, { 'topic.field': 't' });
    expect(smt.apply(record({ key: { id: 1n } }))?.key).toEqual({ id: 1n, t: 'orders' });
    const tombstone = withValue(null);
    expect(configured(InsertFieldValue, { 'topic.field': 't' }).apply(tombstone)).toBe(tombstone);
  });

  it('fails on a value that is neither a map nor a Struct, naming the record', () => {
    const smt = configured(InsertFieldValue, { 'topic.field': 't' });
    expect(() => smt.apply(withValue('text'))).toThrow(DataError);
    expect(() => smt.apply(withValue('text'))).toThrow(/Only Map objects supported.*orders.*2.*42/);
  });

  it('refuses a bad key type naming the key', () => {
    expect(() => configured(InsertFieldValue, { 'topic.field': 1 })).toThrow(ConfigError);
  });

  it('leaves out the timestamp of a record that has none (schemaless) or leaves it null (Struct), as Kafka does', () => {
    const smt = configured(InsertFieldValue, { 'timestamp.field': 'ts', 'topic.field': 't' });
    expect(smt.apply(record({ value: { a: 1n }, timestamp: null }))?.value).toEqual({ a: 1n, t: 'orders' });
    const schema = SchemaBuilder.struct().field('a', Schema.INT64_SCHEMA).build();
    const out = smt.apply(record({ value: new Struct(schema).put('a', 1n), valueSchema: schema, timestamp: null }));
    expect([structValue(out).get('ts'), structValue(out).get('t')]).toEqual([null, 'orders']);
  });

  it.each([
    [true, 'default'],
    [false, null],
  ])(
    "copies a null field as its default when replace.null.with.default=%s (Kafka's testUnsetOptionalField)",
    (replace, expected) => {
      const schema = SchemaBuilder.struct()
        .field('opt', SchemaBuilder.string().optional().defaultValue('default').build())
        .build();
      const smt = configured(InsertFieldValue, { 'topic.field': 't', 'replace.null.with.default': replace });
      expect(
        structValue(smt.apply(withValue(new Struct(schema).put('opt', null), schema))).getWithoutDefault('opt'),
      ).toBe(expected);
    },
  );

  it('refuses a configuration with nothing to insert, or a static field without a value', () => {
    expect(() => configured(InsertFieldValue, {})).toThrow('No field insertion configured');
    expect(() => configured(InsertFieldValue, { 'static.field': 'instance' })).toThrow(
      /static\.value.*No value specified for static field: instance/,
    );
  });
});
