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
  });
});
