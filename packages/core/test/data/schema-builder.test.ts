import { describe, expect, it } from 'vitest';
import { DataError, Decimal, DecimalSchema, Schema, SchemaBuilder, Struct } from '../../src/index.js';

describe('SchemaBuilder', () => {
  it('builds every primitive type from its factory', () => {
    const built = [
      SchemaBuilder.int8(),
      SchemaBuilder.int16(),
      SchemaBuilder.int32(),
      SchemaBuilder.int64(),
      SchemaBuilder.float32(),
      SchemaBuilder.float64(),
      SchemaBuilder.bool(),
      SchemaBuilder.string(),
      SchemaBuilder.bytes(),
    ].map((b) => b.build().type);
    expect(built).toEqual(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES']);
    expect(SchemaBuilder.type('INT16').build().equals(Schema.INT16_SCHEMA)).toBe(true);
  });

  it('sets optional, default, name, version, doc and parameters', () => {
    const schema = SchemaBuilder.string()
      .optional()
      .defaultValue('n/a')
      .name('com.example.Code')
      .version(3)
      .doc('A code')
      .parameter('a', '1')
      .parameters({ b: '2' })
      .build();
    expect(schema).toMatchObject({
      type: 'STRING',
      optional: true,
      defaultValue: 'n/a',
      name: 'com.example.Code',
      version: 3,
      doc: 'A code',
      parameters: { a: '1', b: '2' },
    });
    expect(Object.isFrozen(schema.parameters)).toBe(true);
  });

  it('builds arrays, maps and structs with their nested schemas', () => {
    const array = SchemaBuilder.array(Schema.INT64_SCHEMA).build();
    expect([array.type, array.valueSchema, array.keySchema]).toEqual(['ARRAY', Schema.INT64_SCHEMA, null]);
    const map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build();
    expect([map.type, map.keySchema, map.valueSchema]).toEqual(['MAP', Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA]);
    const struct = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
    expect(struct.fields.map((f) => [f.name, f.index, f.schema.type])).toEqual([
      ['id', 0, 'INT64'],
      ['name', 1, 'STRING'],
    ]);
    expect(struct.field('name')?.index).toBe(1);
  });

  it('refuses to set a property twice', () => {
    expect(() => SchemaBuilder.int32().name('a').name('b')).toThrow(
      'Invalid SchemaBuilder call: name has already been set',
    );
    expect(() => SchemaBuilder.int32().optional().required()).toThrow('optional has already been set');
    expect(() => SchemaBuilder.int32().version(1).version(2)).toThrow('version has already been set');
  });

  it('refuses fields on non-structs, duplicate or empty field names', () => {
    expect(() => SchemaBuilder.int32().field('a', Schema.INT32_SCHEMA)).toThrow(
      'cannot add field "a" to a INT32 schema',
    );
    expect(() => SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('a', Schema.INT64_SCHEMA)).toThrow(
      'duplicate field "a"',
    );
    expect(() => SchemaBuilder.struct().field('', Schema.INT32_SCHEMA)).toThrow('field name must not be empty');
    expect(() => SchemaBuilder.type('ARRAY')).toThrow('use array(...)');
    expect(() => SchemaBuilder.int32().version(1.5)).toThrow('must be an integer');
  });

  it('checks the default value against the schema at build time', () => {
    const error = (() => {
      try {
        SchemaBuilder.int64().defaultValue(5).build();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('SCHEMA_INVALID');
    expect((error as DataError).message).toBe(
      'Invalid SchemaBuilder call: invalid default value for Schema{INT64}: INT64 needs a bigint (write 5n, not 5), got number',
    );
    expect(SchemaBuilder.int64().defaultValue(5n).build().defaultValue).toBe(5n);
    expect(() => SchemaBuilder.int8().defaultValue(128).build()).toThrow('INT8 is out of range [-128, 127]');
    expect(() => DecimalSchema.builder(2).defaultValue(new Decimal(1n, 3)).build()).toThrow('Decimal needs scale 2');
    expect(() => SchemaBuilder.array(Schema.INT32_SCHEMA).defaultValue([1, 'x']).build()).toThrow('at "[1]"');
  });

  it('accepts a struct default that matches', () => {
    const inner = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    const value = new Struct(inner).put('a', 1);
    const withDefault = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).defaultValue(value).build();
    expect((withDefault.defaultValue as Struct).get('a')).toBe(1);
  });
});
