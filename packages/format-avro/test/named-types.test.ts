import { Schema, SchemaBuilder, Struct } from '@sinkkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readWithAvroC, readWithPython, scratch } from './support/independent-readers.js';
import { writeAvro } from './support/write-file.js';

const files = scratch();
afterAll(() => files.remove());

const addressBuilder = () =>
  SchemaBuilder.struct()
    .name('com.example.Address')
    .field('street', Schema.STRING_SCHEMA)
    .field('zip', Schema.OPTIONAL_STRING_SCHEMA);
const ADDRESS = addressBuilder().build();
const OPTIONAL_ADDRESS = addressBuilder().optional().build();
const WRAPPER = SchemaBuilder.struct().name('com.example.Wrapper').field('home', ADDRESS).build();
const CUSTOMER = SchemaBuilder.struct()
  .name('com.example.Customer')
  .field('id', Schema.INT64_SCHEMA)
  .field('address', ADDRESS)
  .field('billing', OPTIONAL_ADDRESS)
  .field('previous', SchemaBuilder.array(ADDRESS).build())
  .field('byLabel', SchemaBuilder.map(Schema.STRING_SCHEMA, ADDRESS).build())
  .field('byRank', SchemaBuilder.map(Schema.INT32_SCHEMA, ADDRESS).build())
  .field('nested', WRAPPER)
  .build();

const address = (street: string, zip: string | null = null) =>
  new Struct(ADDRESS).put('street', street).put('zip', zip);

function customer(i: number): Struct {
  return new Struct(CUSTOMER)
    .put('id', BigInt(i))
    .put('address', address(`main ${i}`, '8000'))
    .put('billing', i % 2 === 0 ? new Struct(OPTIONAL_ADDRESS).put('street', `bill ${i}`).put('zip', 'ü') : null)
    .put('previous', [address('old 1'), address('old 2', '1')])
    .put('byLabel', new Map([['work', address('office')]]))
    .put(
      'byRank',
      new Map([
        [1, address('first')],
        [-5, address('last')],
      ]),
    )
    .put('nested', new Struct(WRAPPER).put('home', address('home')));
}

/** What an Avro reader's plain form of customer(i) is (unions resolved, maps as objects or MapEntry lists). */
function plainCustomer(i: number) {
  const a = (street: string, zip: string | null = null) => ({ street, zip });
  return {
    id: i,
    address: a(`main ${i}`, '8000'),
    billing: i % 2 === 0 ? a(`bill ${i}`, 'ü') : null,
    previous: [a('old 1'), a('old 2', '1')],
    byLabel: { work: a('office') },
    byRank: [
      { key: 1, value: a('first') },
      { key: -5, value: a('last') },
    ],
    nested: { home: a('home') },
  };
}

describe('a named record used more than once, read back by Apache Avro for Python and avro-c', () => {
  it('required, optional, in an array, a map, a MapEntry map and a nested record: defined once, then referenced', async () => {
    const path = files.file(await writeAvro(CUSTOMER, [0, 1, 2].map(customer)));
    const python = await readWithPython(path);
    const fields = (python.schema as { fields: { name: string; type: unknown }[] }).fields;
    expect(fields.find((f) => f.name === 'billing')?.type).toEqual(['null', 'Address']);
    expect(fields.find((f) => f.name === 'previous')?.type).toEqual({ type: 'array', items: 'Address' });
    expect(JSON.stringify(python.schema).match(/"type":"record","name":"Address"/g)).toHaveLength(1);
    expect(python.records).toEqual([0, 1, 2].map(plainCustomer));

    const c = (await readWithAvroC(path)) as Record<string, unknown>[];
    expect(c).toHaveLength(3);
    // avro-c prints Avro's JSON encoding: a union value is {branch: value}, named types by their name.
    expect(c.map((r) => r.billing)).toEqual([
      { Address: { street: 'bill 0', zip: { string: 'ü' } } },
      null,
      { Address: { street: 'bill 2', zip: { string: 'ü' } } },
    ]);
    expect(c[1]?.byRank).toEqual([
      { key: 1, value: { street: 'first', zip: null } },
      { key: -5, value: { street: 'last', zip: null } },
    ]);
  });

  it('a record without namespace used twice inside a namespaced one: both readers resolve the reference', async () => {
    const inner = SchemaBuilder.struct().name('Inner').field('x', Schema.INT32_SCHEMA).build();
    const outer = SchemaBuilder.struct()
      .name('com.example.Outer')
      .field('one', inner)
      .field('many', SchemaBuilder.array(inner).build())
      .build();
    const value = new Struct(outer)
      .put('one', new Struct(inner).put('x', 1))
      .put('many', [new Struct(inner).put('x', 2)]);
    const path = files.file(await writeAvro(outer, [value]));
    const python = await readWithPython(path);
    expect(python.records).toEqual([{ one: { x: 1 }, many: [{ x: 2 }] }]);
    // Its Connect name stays on it for Connect readers.
    expect(JSON.stringify(python.schema)).toContain('"connect.name":"Inner"');
    expect(await readWithAvroC(path)).toEqual([{ one: { x: 1 }, many: [{ x: 2 }] }]);
  });

  it('maps with non-string keys are arrays of MapEntry records for every reader', async () => {
    const schema = SchemaBuilder.struct()
      .name('com.example.Scores')
      .field('byId', SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.FLOAT64_SCHEMA).build())
      .field('flags', SchemaBuilder.map(Schema.BOOLEAN_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
      .build();
    const value = new Struct(schema)
      .put(
        'byId',
        new Map([
          [1n, 0.5],
          [2n ** 40n, -1],
        ]),
      )
      .put('flags', new Map([[true, null]]));
    const path = files.file(await writeAvro(schema, [value, new Struct(schema).put('byId', new Map())]));
    const python = await readWithPython(path);
    expect(python.records).toEqual([
      {
        byId: [
          { key: 1, value: 0.5 },
          { key: 2 ** 40, value: -1 },
        ],
        flags: [{ key: true, value: null }],
      },
      { byId: [], flags: null },
    ]);
    expect((await readWithAvroC(path)).length).toBe(2);
  });

  it('an empty struct is legal Avro (a record with no fields) and both readers read it, so it is written', async () => {
    const empty = SchemaBuilder.struct().name('com.example.Empty').build();
    const holder = SchemaBuilder.struct()
      .name('com.example.Holder')
      .field('e', empty)
      .field('n', Schema.INT32_SCHEMA)
      .build();
    const top = files.file(await writeAvro(empty, [new Struct(empty), new Struct(empty)]));
    expect((await readWithPython(top)).records).toEqual([{}, {}]);
    expect(await readWithAvroC(top)).toEqual([{}, {}]);
    const nested = files.file(await writeAvro(holder, [new Struct(holder).put('e', new Struct(empty)).put('n', 3)]));
    expect((await readWithPython(nested)).records).toEqual([{ e: {}, n: 3 }]);
    expect(await readWithAvroC(nested)).toEqual([{ e: {}, n: 3 }]);
  });
});
