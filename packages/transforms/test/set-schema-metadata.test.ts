import { ConfigError, DataError, Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from '../src/set-schema-metadata.js';
import { configured, record, withValue } from './records.js';

describe('SetSchemaMetadata', () => {
  it('renames and versions a Struct schema and re-binds the value', () => {
    const schema = SchemaBuilder.struct().name('old').field('a', Schema.INT32_SCHEMA).build();
    const out = configured(SetSchemaMetadataValue, { 'schema.name': 'com.example.New', 'schema.version': 3 }).apply(
      withValue(new Struct(schema).put('a', 1), schema),
    );
    expect([out?.valueSchema?.name, out?.valueSchema?.version]).toEqual(['com.example.New', 3]);
    const value = out?.value as Struct;
    expect(value.schema).toBe(out?.valueSchema);
    expect(value.get('a')).toBe(1);
  });

  it('sets only the version of a primitive key schema', () => {
    const out = configured(SetSchemaMetadataKey, { 'schema.version': '2' }).apply(
      record({ key: 'k', keySchema: SchemaBuilder.string().name('id').build() }),
    );
    expect([out?.keySchema?.name, out?.keySchema?.version, out?.key]).toEqual(['id', 2, 'k']);
  });

  it('needs a schema, and a name or a version', () => {
    expect(() => configured(SetSchemaMetadataValue, { 'schema.name': 'x' }).apply(withValue({ a: 1n }))).toThrow(
      DataError,
    );
    expect(() => configured(SetSchemaMetadataValue, {})).toThrow(ConfigError);
    expect(() => configured(SetSchemaMetadataValue, {})).toThrow('Neither schema name nor version configured');
  });

  it('gives a null value with a schema the new schema, and passes a schemaless tombstone', () => {
    const smt = configured(SetSchemaMetadataValue, { 'schema.name': 'com.example.Order' });
    const out = smt.apply(withValue(null, Schema.OPTIONAL_STRING_SCHEMA));
    expect([out?.value, out?.valueSchema?.name, out?.valueSchema?.optional]).toEqual([null, 'com.example.Order', true]);
    expect(smt.apply(withValue(null))?.valueSchema).toBeNull();
  });

  it('re-binds only the top-level Struct, with replace.null.with.default=false keeping nulls', () => {
    const inner = SchemaBuilder.struct().name('Inner').field('n', Schema.INT32_SCHEMA).build();
    const schema = SchemaBuilder.struct()
      .field('inner', inner)
      .field('opt', SchemaBuilder.string().optional().defaultValue('d').build())
      .build();
    const value = new Struct(schema).put('inner', new Struct(inner).put('n', 1)).put('opt', null);
    const smt = configured(SetSchemaMetadataValue, { 'schema.name': 'Outer', 'replace.null.with.default': false });
    const out = smt.apply(withValue(value, schema))?.value as Struct;
    expect(out.schema.name).toBe('Outer');
    expect((out.get('inner') as Struct).schema).toBe(inner);
    expect(out.getWithoutDefault('opt')).toBeNull();
  });
});
