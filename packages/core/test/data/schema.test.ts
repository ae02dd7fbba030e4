import { describe, expect, it } from 'vitest';
import { ConnectSchema, isPrimitiveType, Schema, SchemaBuilder, SchemaType } from '../../src/index.js';

describe('Schema constants', () => {
  it('cover every primitive type, required and optional', () => {
    const primitives = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'] as const;
    for (const type of primitives) {
      const required = Schema[`${type}_SCHEMA`];
      const optional = Schema[`OPTIONAL_${type}_SCHEMA`];
      expect([required.type, required.optional]).toEqual([type, false]);
      expect([optional.type, optional.optional]).toEqual([type, true]);
      expect(isPrimitiveType(type)).toBe(true);
    }
    expect(['ARRAY', 'MAP', 'STRUCT'].map((t) => isPrimitiveType(t as SchemaType))).toEqual([false, false, false]);
    expect(Object.keys(SchemaType)).toHaveLength(12);
  });

  it('are immutable', () => {
    expect(Object.isFrozen(Schema.INT32_SCHEMA)).toBe(true);
    expect(() => {
      (Schema.INT32_SCHEMA as { optional: boolean }).optional = true;
    }).toThrow(TypeError);
  });

  it('have neutral values for the parts they do not use', () => {
    const s = Schema.STRING_SCHEMA;
    expect([s.name, s.version, s.doc, s.parameters, s.defaultValue, s.keySchema, s.valueSchema]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(s.fields).toEqual([]);
    expect(s.field('x')).toBeUndefined();
  });
});

describe('Schema equality and printing', () => {
  const person = () =>
    SchemaBuilder.struct()
      .name('com.example.Person')
      .version(2)
      .doc('a person')
      .parameter('owner', 'team-a')
      .field('name', Schema.STRING_SCHEMA)
      .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
      .build();

  it('is structural', () => {
    expect(person().equals(person())).toBe(true);
    expect(person()).not.toBe(person());
    expect(new ConnectSchema({ type: 'INT32' }).equals(Schema.INT32_SCHEMA)).toBe(true);
    expect(Schema.INT32_SCHEMA.equals(null)).toBe(false);
  });

  it('tells apart every part', () => {
    const base = SchemaBuilder.struct().name('P').field('a', Schema.INT32_SCHEMA).build();
    const variants = [
      SchemaBuilder.struct().name('Q').field('a', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().name('P').optional().field('a', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().name('P').version(1).field('a', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().name('P').doc('d').field('a', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().name('P').parameter('k', 'v').field('a', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().name('P').field('b', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().name('P').field('a', Schema.INT64_SCHEMA).build(),
      SchemaBuilder.struct().name('P').field('a', Schema.INT32_SCHEMA).field('c', Schema.INT32_SCHEMA).build(),
    ];
    for (const v of variants) expect(base.equals(v)).toBe(false);
    const mapA = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
    const mapB = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build();
    expect(mapA.equals(mapB)).toBe(false);
    expect(SchemaBuilder.int32().defaultValue(1).build().equals(SchemaBuilder.int32().defaultValue(2).build())).toBe(
      false,
    );
    expect(
      SchemaBuilder.bytes()
        .defaultValue(new Uint8Array([1]))
        .build()
        .equals(
          SchemaBuilder.bytes()
            .defaultValue(new Uint8Array([1]))
            .build(),
        ),
    ).toBe(true);
  });

  it('prints type and name', () => {
    expect(String(Schema.INT32_SCHEMA)).toBe('Schema{INT32}');
    expect(String(person())).toBe('Schema{com.example.Person:STRUCT}');
  });
});
