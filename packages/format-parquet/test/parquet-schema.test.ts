import { DataError, Schema, SchemaBuilder, SinkRecord, Struct, topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { ParquetFormat } from '../src/index.js';
import { duckdbRows } from './duckdb.js';

/** One Parquet file of `values` (all of `schema`), as the sink writes it. */
async function parquetOf(schema: Schema, values: unknown[]): Promise<Buffer> {
  const format = new ParquetFormat();
  format.configure({});
  const chunks: Buffer[] = [];
  const writer = format
    .recordWriterProvider()
    .open(
      { write: async (c) => void chunks.push(Buffer.from(c)) },
      { topicPartition: topicPartition('t', 0), encodedPartition: 'p', key: 'k', schema },
    );
  for (const [i, value] of values.entries())
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, value, valueSchema: schema }));
  await writer.commit();
  return Buffer.concat(chunks);
}

const address = (optional: boolean) => {
  const b = SchemaBuilder.struct()
    .name('com.example.Address')
    .field('street', Schema.STRING_SCHEMA)
    .field('zip', Schema.OPTIONAL_STRING_SCHEMA);
  return (optional ? b.optional() : b).build();
};
const Address = address(false);
const OptionalAddress = address(true);

describe('compileParquet: a named record used more than once', () => {
  const customer = SchemaBuilder.struct().name('com.example.Customer').field('home', Address).build();
  const order = SchemaBuilder.struct()
    .name('com.example.Order')
    .field('id', Schema.INT64_SCHEMA)
    .field('address', Address)
    .field('billing', OptionalAddress)
    .field('customer', customer)
    .field('previous', SchemaBuilder.array(Address).build())
    .field('byLabel', SchemaBuilder.map(Schema.STRING_SCHEMA, OptionalAddress).optional().build())
    .build();
  const at = (street: string, zip: string | null = null, schema = Address) =>
    new Struct(schema).put('street', street).put('zip', zip);

  it('nested, optional, in an array and as map values: written once per use, read back by DuckDB', async () => {
    const values = [
      new Struct(order)
        .put('id', 1n)
        .put('address', at('Main St 1', '8001'))
        .put('billing', at('PO Box 7', null, OptionalAddress))
        .put('customer', new Struct(customer).put('home', at('Home 3')))
        .put('previous', [at('Old 1'), at('Old 2', '1000')])
        .put('byLabel', new Map([['work', at('Office 9', '3000', OptionalAddress)]])),
      new Struct(order)
        .put('id', 2n)
        .put('address', at('Side St 2'))
        .put('customer', new Struct(customer).put('home', at('Home 4', '4000')))
        .put('previous', []),
    ];
    const rows = await duckdbRows(
      await parquetOf(order, values),
      'o.parquet',
      `select id, address, billing, customer, previous, map_keys(byLabel) as labels, map_values(byLabel) as places from read_parquet($file) order by id`,
    );
    const plain = (s: Struct | null) => (s === null ? null : { street: s.get('street'), zip: s.get('zip') });
    expect(rows).toEqual(
      values.map((v) => ({
        id: v.get('id'),
        address: plain(v.get('address') as Struct),
        billing: plain(v.get('billing') as Struct | null),
        customer: { home: plain((v.get('customer') as Struct).get('home') as Struct) },
        previous: (v.get('previous') as Struct[]).map(plain),
        labels: v.get('byLabel') === null ? null : [...(v.get('byLabel') as Map<string, Struct>).keys()],
        places: v.get('byLabel') === null ? null : [...(v.get('byLabel') as Map<string, Struct>).values()].map(plain),
      })),
    );
  });
});

describe('compileParquet: maps whose keys are not required strings', () => {
  const scores = SchemaBuilder.struct()
    .field('byId', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
    .field('byPlace', SchemaBuilder.map(Address, Schema.OPTIONAL_FLOAT64_SCHEMA).optional().build())
    .field('byMaybeName', SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.INT32_SCHEMA).build())
    .field('byName', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
    .build();

  it("are lists of {key, value} groups, as Confluent's AvroData + parquet-avro write them; string keys stay MAPs", async () => {
    const place = new Struct(Address).put('street', 'Main St 1').put('zip', '8001');
    const value = new Struct(scores)
      .put(
        'byId',
        new Map([
          [7, 'seven'],
          [-1, 'minus one'],
        ]),
      )
      .put('byPlace', new Map([[place, 0.5]]))
      .put('byMaybeName', new Map([[null, 1]]))
      .put('byName', new Map([['a', 2]]));
    const bytes = await parquetOf(scores, [value]);
    const types = await duckdbRows(
      bytes,
      's.parquet',
      `select column_name as c, column_type as t from (describe select * from read_parquet($file))`,
    );
    expect(types).toEqual([
      { c: 'byId', t: 'STRUCT("key" INTEGER, "value" VARCHAR)[]' },
      { c: 'byPlace', t: 'STRUCT("key" STRUCT(street VARCHAR, zip VARCHAR), "value" DOUBLE)[]' },
      { c: 'byMaybeName', t: 'STRUCT("key" VARCHAR, "value" INTEGER)[]' },
      { c: 'byName', t: 'MAP(VARCHAR, INTEGER)' },
    ]);
    const [row] = await duckdbRows(
      bytes,
      's.parquet',
      `select * exclude (byName), byName['a'] as a from read_parquet($file)`,
    );
    expect(row).toEqual({
      byId: [
        { key: 7, value: 'seven' },
        { key: -1, value: 'minus one' },
      ],
      byPlace: [{ key: { street: 'Main St 1', zip: '8001' }, value: 0.5 }],
      byMaybeName: [{ key: null, value: 1 }],
      a: 2,
    });
  });
});

describe('compileParquet: edge schemas Parquet can write are read back', () => {
  const cases: [string, Schema, unknown[], string, unknown[]][] = [
    [
      'a map as the whole value',
      SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(),
      [new Map([['a', 1]]), new Map()],
      'select map_keys(value) as k from read_parquet($file)',
      [{ k: ['a'] }, { k: [] }],
    ],
    [
      'a struct holding only a map',
      SchemaBuilder.struct().field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build()).build(),
      [new Map([['x', 'y']]), new Map()],
      'select cardinality(m) as n from read_parquet($file)',
      [{ n: 1n }, { n: 0n }],
    ],
    [
      'a struct holding only an array of structs',
      SchemaBuilder.struct().field('xs', SchemaBuilder.array(Address).build()).build(),
      [[new Struct(Address).put('street', 's')], []],
      'select len(xs) as n from read_parquet($file)',
      [{ n: 1n }, { n: 0n }],
    ],
  ];

  it.each(cases)('%s', async (_name, schema, values, sql, expected) => {
    const structs = values.map((v) => {
      if (schema.type !== 'STRUCT') return v;
      const field = schema.fields[0]?.name as string;
      return new Struct(schema).put(field, v);
    });
    expect(await duckdbRows(await parquetOf(schema, structs), 'e.parquet', sql)).toEqual(expected);
  });
});

describe('compileParquet: schemas Parquet cannot write readably are data errors', () => {
  const empty = SchemaBuilder.struct().name('Empty').build();
  const optionalEmpty = SchemaBuilder.struct().name('Empty').optional().build();
  const cases: [string, Schema, () => unknown][] = [
    ['an empty struct value', empty, () => new Struct(empty)],
    [
      'a struct whose fields are all empty structs',
      SchemaBuilder.struct().field('a', empty).field('b', optionalEmpty).build(),
      () => null,
    ],
    [
      'an array of empty structs beside a column',
      SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).field('xs', SchemaBuilder.array(empty).build()).build(),
      () => null,
    ],
    [
      'a map of empty structs',
      SchemaBuilder.struct().field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, empty).build()).build(),
      () => null,
    ],
    [
      'a map keyed by empty structs',
      SchemaBuilder.struct().field('m', SchemaBuilder.map(empty, Schema.INT32_SCHEMA).build()).build(),
      () => null,
    ],
  ];

  it.each(cases)(
    '%s: a DataError naming the record and the field, before any byte is written',
    async (_name, schema, make) => {
      const format = new ParquetFormat();
      format.configure({});
      const written: Uint8Array[] = [];
      const writer = format
        .recordWriterProvider()
        .open(
          { write: async (c) => void written.push(c) },
          { topicPartition: topicPartition('t', 3), encodedPartition: 'p', key: 'k', schema },
        );
      const value = make() ?? new Struct(schema);
      let failed: unknown;
      try {
        await writer.write(
          new SinkRecord({ topic: 't', kafkaPartition: 3, kafkaOffset: 41, value, valueSchema: schema }),
        );
      } catch (error) {
        failed = error;
      }
      expect(failed).toBeInstanceOf(DataError);
      expect(String(failed)).toMatch(/has no fields, which Parquet cannot write/);
      expect(String(failed)).toMatch(/\(topic t, partition 3, offset 41\)/);
      writer.abort();
      expect(written).toEqual([]);
    },
  );
});
