import { describe, expect, it } from 'vitest';
import {
  DataError,
  Decimal,
  DecimalSchema,
  SCHEMA_PROJECTION_ERROR,
  Schema,
  SchemaBuilder,
  SchemaProjector,
  type SchemaType,
  Struct,
  TimestampSchema,
} from '../../src/index.js';

const { project, isPromotable } = SchemaProjector;

function projectionError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe(SCHEMA_PROJECTION_ERROR);
    return error as DataError;
  }
  throw new Error('expected a projection error');
}

describe('SchemaProjector: primitives (Connect SchemaProjectorTest)', () => {
  it('projects a value onto its own type, required or optional, unchanged', () => {
    expect(project(Schema.BOOLEAN_SCHEMA, false, Schema.BOOLEAN_SCHEMA)).toBe(false);
    expect(project(Schema.STRING_SCHEMA, 'abc', Schema.OPTIONAL_STRING_SCHEMA)).toBe('abc');
    const bytes = new Uint8Array([1, 2]);
    expect(project(Schema.BYTES_SCHEMA, bytes, Schema.BYTES_SCHEMA)).toBe(bytes);
    expect(project(Schema.OPTIONAL_INT32_SCHEMA, null, Schema.OPTIONAL_INT32_SCHEMA)).toBeNull();
    expect(project(Schema.INT32_SCHEMA, 12, Schema.OPTIONAL_INT32_SCHEMA)).toBe(12);
  });

  it('an optional null onto a required target takes the target default, and fails without one', () => {
    const withDefault = SchemaBuilder.int32().defaultValue(42).build();
    expect(project(Schema.OPTIONAL_INT32_SCHEMA, null, withDefault)).toBe(42);
    expect(project(Schema.OPTIONAL_INT32_SCHEMA, 7, withDefault)).toBe(7);
    const error = projectionError(() => project(Schema.OPTIONAL_INT32_SCHEMA, 7, Schema.INT32_SCHEMA));
    expect(error.message).toMatch(/optional but the target schema is required and has no default/);
  });

  it.each([
    ['INT8', 'INT16', 3, 3],
    ['INT8', 'INT32', -3, -3],
    ['INT8', 'INT64', 3, 3n],
    ['INT16', 'INT64', 300, 300n],
    ['INT32', 'INT64', 2_147_483_647, 2_147_483_647n],
    ['INT32', 'FLOAT32', 16_777_217, 16_777_216],
    ['INT32', 'FLOAT64', 16_777_217, 16_777_217],
    ['INT64', 'FLOAT32', 2n ** 40n + 1n, 2 ** 40],
    ['INT64', 'FLOAT64', 2n ** 53n, 2 ** 53],
    ['FLOAT32', 'FLOAT64', 1.5, 1.5],
  ] as const)('widens %s to %s', (from, to, value, expected) => {
    const source = SchemaBuilder.type(from as SchemaType).build();
    const target = SchemaBuilder.type(to as SchemaType).build();
    expect(project(source, value, target)).toEqual(expected);
  });

  it('never narrows a number or converts between unrelated types', () => {
    const cases: [SchemaType, SchemaType][] = [
      ['INT64', 'INT32'],
      ['FLOAT64', 'FLOAT32'],
      ['FLOAT32', 'INT64'],
      ['INT32', 'STRING'],
      ['STRING', 'BYTES'],
      ['BOOLEAN', 'INT8'],
    ];
    for (const [from, to] of cases) {
      expect(isPromotable(from, to)).toBe(false);
      const source = SchemaBuilder.type(from).build();
      const error = projectionError(() => project(source, null, SchemaBuilder.type(to).optional().build()));
      expect(error.message).toContain(`type mismatch: source ${from}, target ${to}`);
    }
    expect(isPromotable('INT32', 'INT32')).toBe(false);
  });

  it('keeps logical types apart: names and parameters must match', () => {
    const price = Decimal.parse('1.25');
    expect(project(DecimalSchema.schema(2), price, DecimalSchema.schema(2))).toBe(price);
    expect(projectionError(() => project(DecimalSchema.schema(2), price, DecimalSchema.schema(3))).message).toMatch(
      /parameters differ/,
    );
    expect(projectionError(() => project(TimestampSchema.SCHEMA, new Date(0), Schema.INT64_SCHEMA)).message).toMatch(
      /name mismatch/,
    );
    const at = new Date('2024-02-29T00:00:00Z');
    expect(project(TimestampSchema.SCHEMA, at, TimestampSchema.SCHEMA)).toBe(at);
  });
});

describe('SchemaProjector: structs', () => {
  const v1 = SchemaBuilder.struct()
    .name('User')
    .version(1)
    .field('id', Schema.INT32_SCHEMA)
    .field('name', Schema.STRING_SCHEMA)
    .field('legacy', Schema.OPTIONAL_STRING_SCHEMA)
    .build();
  const v2 = SchemaBuilder.struct()
    .name('User')
    .version(2)
    .field('id', Schema.INT64_SCHEMA)
    .field('name', Schema.STRING_SCHEMA)
    .field('country', SchemaBuilder.string().defaultValue('unknown').build())
    .field('nickname', Schema.OPTIONAL_STRING_SCHEMA)
    .build();

  it('drops removed fields, fills added ones from defaults, leaves optional ones unset, widens the rest', () => {
    const out = project(v1, new Struct(v1).put('id', 7).put('name', 'ada').put('legacy', 'x'), v2) as Struct;
    expect(out).toBeInstanceOf(Struct);
    expect(out.schema).toBe(v2);
    expect(out.get('id')).toBe(7n);
    expect(out.get('name')).toBe('ada');
    expect(out.getWithoutDefault('country')).toBe('unknown');
    expect(out.get('nickname')).toBeNull();
    expect(() => out.validate()).not.toThrow();
  });

  it('a required target field the source lacks, with no default, fails naming the field', () => {
    const v3 = SchemaBuilder.struct()
      .name('User')
      .version(3)
      .field('id', Schema.INT64_SCHEMA)
      .field('email', Schema.STRING_SCHEMA)
      .build();
    const error = projectionError(() => project(v1, new Struct(v1).put('id', 1).put('name', 'a'), v3));
    expect(error.message).toMatch(/required field "email" is missing from the source schema/);
  });

  it('reads unset source fields through their defaults', () => {
    const source = SchemaBuilder.struct().field('n', SchemaBuilder.int32().defaultValue(5).build()).build();
    const target = SchemaBuilder.struct().field('n', Schema.INT64_SCHEMA).build();
    expect((project(source, new Struct(source), target) as Struct).get('n')).toBe(5n);
  });

  it('names the nested field whose projection failed', () => {
    const inner1 = SchemaBuilder.struct().name('Inner').field('x', Schema.STRING_SCHEMA).build();
    const inner2 = SchemaBuilder.struct().name('Inner').field('x', Schema.INT32_SCHEMA).build();
    const outer1 = SchemaBuilder.struct().field('inner', inner1).build();
    const outer2 = SchemaBuilder.struct().field('inner', inner2).build();
    const value = new Struct(outer1).put('inner', new Struct(inner1).put('x', 'a'));
    expect(projectionError(() => project(outer1, value, outer2)).message).toMatch(
      /field "inner": field "x": type mismatch: source STRING, target INT32/,
    );
  });

  it('projects a nested struct onto the nested target schema', () => {
    const inner1 = SchemaBuilder.struct().name('Inner').field('x', Schema.INT8_SCHEMA).build();
    const inner2 = SchemaBuilder.struct()
      .name('Inner')
      .field('x', Schema.FLOAT64_SCHEMA)
      .field('y', Schema.OPTIONAL_BOOLEAN_SCHEMA)
      .build();
    const outer1 = SchemaBuilder.struct().field('inner', inner1).build();
    const outer2 = SchemaBuilder.struct().field('inner', inner2).build();
    const out = project(outer1, new Struct(outer1).put('inner', new Struct(inner1).put('x', 3)), outer2) as Struct;
    const inner = out.getStruct('inner') as Struct;
    expect(inner.schema).toBe(inner2);
    expect([inner.get('x'), inner.get('y')]).toEqual([3, null]);
  });
});

describe('SchemaProjector: arrays and maps', () => {
  it('projects each element of an array', () => {
    const out = project(
      SchemaBuilder.array(Schema.INT32_SCHEMA).build(),
      [1, 2, 3],
      SchemaBuilder.array(Schema.INT64_SCHEMA).build(),
    );
    expect(out).toEqual([1n, 2n, 3n]);
  });

  it('an optional array element onto required elements uses the element default', () => {
    const target = SchemaBuilder.array(SchemaBuilder.int32().defaultValue(0).build()).build();
    expect(project(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build(), [1, null], target)).toEqual([1, 0]);
  });

  it('projects the keys and values of a Map and of a plain-object map, keeping the representation', () => {
    const source = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT16_SCHEMA).build();
    const target = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build();
    expect(project(source, new Map([['a', 1]]), target)).toEqual(new Map([['a', 1]]));
    expect(project(source, { a: 2 }, target)).toEqual({ a: 2 });
    const keys = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
    const wideKeys = SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.STRING_SCHEMA).build();
    expect(project(keys, new Map([[1, 'x']]), wideKeys)).toEqual(new Map([[1n, 'x']]));
  });

  it('fails on an element type that cannot be projected', () => {
    const error = projectionError(() =>
      project(
        SchemaBuilder.array(Schema.STRING_SCHEMA).build(),
        ['a'],
        SchemaBuilder.array(Schema.INT32_SCHEMA).build(),
      ),
    );
    expect(error.message).toMatch(/type mismatch: source STRING, target INT32/);
  });
});
