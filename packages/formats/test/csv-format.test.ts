import { gunzipSync } from 'node:zlib';
import {
  DataError,
  DateSchema,
  Decimal,
  DecimalSchema,
  Schema,
  SchemaBuilder,
  SinkRecord,
  Struct,
  TimeSchema,
  TimestampSchema,
  topicPartition,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { CsvFormat, csvField } from '../src/index.js';
import { duckdbRows } from './duckdb.js';

const inner = SchemaBuilder.struct()
  .name('Inner')
  .field('x', Schema.INT32_SCHEMA)
  .field('s', Schema.OPTIONAL_STRING_SCHEMA)
  .build();
const schema = SchemaBuilder.struct()
  .name('Event')
  .field('i8', Schema.INT8_SCHEMA)
  .field('i16', Schema.INT16_SCHEMA)
  .field('i32', Schema.OPTIONAL_INT32_SCHEMA)
  .field('i64', Schema.INT64_SCHEMA)
  .field('f32', Schema.FLOAT32_SCHEMA)
  .field('f64', Schema.OPTIONAL_FLOAT64_SCHEMA)
  .field('b', Schema.BOOLEAN_SCHEMA)
  .field('s', Schema.OPTIONAL_STRING_SCHEMA)
  .field('bytes', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('dec', DecimalSchema.builder(4).optional().build())
  .field('day', DateSchema.builder().optional().build())
  .field('tod', TimeSchema.builder().optional().build())
  .field('ts', TimestampSchema.builder().optional().build())
  .field(
    'inner',
    SchemaBuilder.struct()
      .name('Inner')
      .field('x', Schema.INT32_SCHEMA)
      .field('s', Schema.OPTIONAL_STRING_SCHEMA)
      .optional()
      .build(),
  )
  .field('list', SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
  .build();

const big = Buffer.alloc(200_000, 0);
for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 256;

function event(i: number, full: boolean): Struct {
  const s = new Struct(schema)
    .put('i8', -128 + i)
    .put('i16', 32767 - i)
    .put('i64', 2n ** 62n + BigInt(i))
    .put('f32', 1.5)
    .put('b', i % 2 === 0);
  if (!full) return s;
  const innerSchema = schema.field('inner')?.schema as typeof inner;
  return s
    .put('i32', -2147483648)
    .put('f64', 0.1 + i)
    .put('s', ['', 'héllo, "wörld"', 'line\r\nbreak', '日本語 🎉'][i % 4])
    .put('bytes', i === 1 ? big : Buffer.from([0, 1, 2, 255]))
    .put('dec', new Decimal(-123456789012345678901234567890n + BigInt(i), 4))
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('tod', new Date(Date.UTC(1970, 0, 1, 23, 59, 59, 999)))
    .put('ts', new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 123)))
    .put('inner', new Struct(innerSchema).put('x', i).put('s', 'ü'))
    .put('list', ['a', null, ''])
    .put('map', new Map([['k', 9007199254740993n]]));
}

async function writeAll(format: CsvFormat, records: { value: unknown; valueSchema?: typeof schema }[]) {
  const chunks: Uint8Array[] = [];
  const provider = format.recordWriterProvider();
  const first = records[0]?.valueSchema ?? null;
  const writer = provider.open(
    { write: async (c) => void chunks.push(c) },
    { topicPartition: topicPartition('t', 0), encodedPartition: 'p', key: 'k', schema: first },
  );
  for (const [i, r] of records.entries())
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, ...r }));
  await writer.commit();
  return { bytes: Buffer.concat(chunks), extension: provider.extension };
}

const COLUMNS = `{'i8':'TINYINT','i16':'SMALLINT','i32':'INTEGER','i64':'BIGINT','f32':'FLOAT','f64':'DOUBLE','b':'BOOLEAN','s':'VARCHAR','bytes':'VARCHAR','dec':'DECIMAL(38,4)','day':'DATE','tod':'TIME','ts':'TIMESTAMPTZ','inner':'JSON','list':'JSON','map':'JSON'}`;

describe('CsvFormat', () => {
  it('every Connect type, read back by DuckDB value for value (nulls, unicode, empty strings, quoting, 200 kB bytes)', async () => {
    const format = new CsvFormat();
    format.configure({});
    const structs = Array.from({ length: 8 }, (_, i) => event(i, i % 3 !== 2));
    const { bytes, extension } = await writeAll(
      format,
      structs.map((value) => ({ value, valueSchema: schema })),
    );
    expect(extension).toBe('.csv');
    expect(bytes.toString('utf8').split('\r\n')[0]).toBe(
      'i8,i16,i32,i64,f32,f64,b,s,bytes,dec,day,tod,ts,inner,list,map',
    );
    const rows = await duckdbRows(
      bytes,
      'x.csv',
      `select i8, i16, i32, i64, f32, f64, b, s, from_base64(bytes) as bytes, dec::varchar as dec, day, tod::varchar as tod,
        epoch_ms(ts) as ts, "inner"::varchar as "inner", "list"::varchar as "list", "map"::varchar as "map"
       from read_csv($file, header=true, allow_quoted_nulls=false, max_line_size=1000000, columns=${COLUMNS})`,
    );
    expect(rows).toHaveLength(structs.length);
    for (const [i, row] of rows.entries()) {
      const s = structs[i] as Struct;
      const optional = (name: string, f: (v: never) => unknown) => {
        const v = s.get(name);
        return v === null ? null : f(v as never);
      };
      expect(row).toEqual({
        i8: s.get('i8'),
        i16: s.get('i16'),
        i32: s.get('i32'),
        i64: s.get('i64'),
        f32: 1.5,
        f64: s.get('f64'),
        b: s.get('b'),
        s: s.get('s'),
        bytes: optional('bytes', (v: Uint8Array) => Buffer.from(v)),
        dec: optional('dec', (v: Decimal) => v.toString()),
        day: optional('day', (v: Date) => v),
        tod: optional('tod', () => '23:59:59.999'),
        ts: optional('ts', (v: Date) => BigInt(v.getTime())),
        inner: optional('inner', (v: Struct) => JSON.stringify({ x: v.get('x'), s: 'ü' })),
        list: optional('list', () => '["a",null,""]'),
        map: optional('map', () => '{"k":9007199254740993}'),
      });
    }
  });

  it('schemaless: columns from the first record, missing keys empty, an unknown key is a DataError naming it', async () => {
    const format = new CsvFormat();
    format.configure({ 'format.compression.type': 'gzip' });
    const values = [{ id: 1, name: 'a', tags: ['x'] }, new Map<string, unknown>([['id', 2]]), { id: 3, name: null }];
    const { bytes, extension } = await writeAll(
      format,
      values.map((value) => ({ value })),
    );
    expect(extension).toBe('.csv.gz');
    expect(gunzipSync(bytes).toString()).toBe('id,name,tags\r\n1,a,"[""x""]"\r\n2,,\r\n3,,\r\n');
    const rows = await duckdbRows(bytes, 'x.csv.gz', 'select * from read_csv($file, header=true)');
    expect(rows).toEqual([
      { id: 1n, name: 'a', tags: '["x"]' },
      { id: 2n, name: null, tags: null },
      { id: 3n, name: null, tags: null },
    ]);
    const error = await writeAll(format, [{ value: { id: 1 } }, { value: { id: 2, extra: true } }]).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(
      'field "extra" is not a column of this CSV file (columns come from its first record: id) (topic t, partition 0, offset 1)',
    );
  });

  it('plain values are one column; no header with csv.header=false; quoting per RFC 4180', async () => {
    const format = new CsvFormat();
    format.configure({ 'csv.header': 'false' });
    const { bytes } = await writeAll(format, [{ value: 'a,b' }, { value: 'q"' }, { value: '' }, { value: null }]);
    expect(bytes.toString()).toBe('"a,b"\r\n"q"""\r\n""\r\n\r\n');
    expect(csvField(' x ', null)).toBe(' x ');
    expect(csvField('a\nb', null)).toBe('"a\nb"');
  });

  it.each([
    [
      'an empty struct',
      {
        value: new Struct(SchemaBuilder.struct().name('Empty').build()),
        valueSchema: SchemaBuilder.struct().name('Empty').build(),
      },
    ],
    ['an empty schemaless object', { value: {} }],
  ])(
    'a first record without fields (%s) is a DataError naming it: its rows would be blank lines',
    async (_n, record) => {
      const format = new CsvFormat();
      format.configure({});
      const error = await writeAll(format, [record as { value: unknown }]).catch((e) => e);
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toBe(
        'a struct or object without fields has no CSV form (a row needs at least one column) (topic t, partition 0, offset 0)',
      );
    },
  );
});
