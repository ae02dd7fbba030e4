import * as zlib from 'node:zlib';
import {
  ConfigError,
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
import { ParquetFormat } from '../src/index.js';
import { duckdbRows } from './duckdb.js';

const innerSchema = SchemaBuilder.struct()
  .name('Inner')
  .field('x', Schema.INT32_SCHEMA)
  .field('s', Schema.OPTIONAL_STRING_SCHEMA)
  .build();
const schema = SchemaBuilder.struct()
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
  .field('inner', innerSchema)
  .field('list', SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
  .field('structs', SchemaBuilder.array(innerSchema).build())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
  .build();

const big = Buffer.alloc(300_000);
for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 256;

function event(i: number): Struct {
  const s = new Struct(schema)
    .put('i8', -128 + (i % 256))
    .put('i16', 32767 - i)
    .put('i64', 2n ** 62n + BigInt(i))
    .put('f32', 1.5)
    .put('b', i % 2 === 0)
    .put('inner', new Struct(innerSchema).put('x', i))
    .put('structs', []);
  if (i % 3 === 2) return s;
  return s
    .put('i32', -2147483648)
    .put('f64', 0.1 + i)
    .put('s', ['', 'héllo, "wörld"', 'line\r\nbreak', '日本語 🎉'][i % 4])
    .put('bytes', i === 1 ? big : Buffer.from([0, 1, 2, 255]))
    .put('dec', new Decimal(-1234567890123456789012345678901n + BigInt(i), 4))
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('tod', new Date(Date.UTC(1970, 0, 1, 23, 59, 59, 999)))
    .put('ts', new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 123)))
    .put('inner', new Struct(innerSchema).put('x', i).put('s', 'ü'))
    .put('list', ['a', null, ''])
    .put('structs', [new Struct(innerSchema).put('x', 1), new Struct(innerSchema).put('x', 2).put('s', '')])
    .put(
      'map',
      new Map([
        ['k', 9007199254740993n],
        ['', -1n],
      ]),
    );
}

async function writeFile(
  config: Record<string, string>,
  records: { value: unknown; valueSchema?: typeof schema | null }[],
) {
  const format = new ParquetFormat();
  format.configure(config);
  const provider = format.recordWriterProvider();
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const writer = provider.open(
    { write: async (c) => void chunks.push(Buffer.from(c)) },
    {
      topicPartition: topicPartition('t', 0),
      encodedPartition: 'p',
      key: 'k',
      schema: records[0]?.valueSchema ?? null,
    },
  );
  for (const [i, r] of records.entries()) {
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, ...r }));
    maxBuffered = Math.max(maxBuffered, writer.bufferedBytes);
  }
  await writer.commit();
  return { bytes: Buffer.concat(chunks), chunks: chunks.length, extension: provider.extension, maxBuffered };
}

const SELECT = `select i8, i16, i32, i64, f32, f64, b, s, bytes, dec::varchar as dec, day, tod::varchar as tod, epoch_ms(ts) as ts,
  "inner", "list", "structs", map_keys("map") as mk, map_values("map") as mv from read_parquet($file)`;

// zstd is tested where this Node's zlib has it (22.15 and later); elsewhere it is a ConfigError (below).
const ZSTD = 'zstdCompressSync' in zlib;

describe('ParquetFormat', () => {
  for (const codec of ['snappy', 'gzip', 'none', ...(ZSTD ? ['zstd'] : [])]) {
    it(`parquet.codec=${codec}: every Connect type read back by DuckDB value for value, in several row groups`, async () => {
      const structs = Array.from({ length: 50 }, (_, i) => event(i));
      const { bytes, chunks, extension } = await writeFile(
        { 'parquet.codec': codec, 'parquet.row.group.rows': '7', 'parquet.file.extension': 'codec' },
        structs.map((value) => ({ value, valueSchema: schema })),
      );
      // Confluent's names (parquet-mr's codec extension before .parquet).
      expect(extension).toBe(`${{ snappy: '.snappy', gzip: '.gz', none: '', zstd: '.zstd' }[codec]}.parquet`);
      expect(chunks).toBe(Math.ceil(50 / 7) + 1); // one write per row group, then the footer
      const meta = await duckdbRows(
        bytes,
        'x.parquet',
        `select count(distinct row_group_id) as groups, any_value(compression) as c from parquet_metadata($file)`,
      );
      expect(meta[0]).toEqual({ groups: 8n, c: codec === 'none' ? 'UNCOMPRESSED' : codec.toUpperCase() });
      const rows = await duckdbRows(bytes, 'x.parquet', SELECT);
      expect(rows).toHaveLength(structs.length);
      for (const [i, row] of rows.entries()) {
        const s = structs[i] as Struct;
        const opt = <T>(name: string, f: (v: T) => unknown) => (s.get(name) === null ? null : f(s.get(name) as T));
        const inner = (v: Struct) => ({ x: v.get('x'), s: v.get('s') });
        expect(row).toEqual({
          i8: s.get('i8'),
          i16: s.get('i16'),
          i32: s.get('i32'),
          i64: s.get('i64'),
          f32: 1.5,
          f64: s.get('f64'),
          b: s.get('b'),
          s: s.get('s'),
          bytes: opt('bytes', (v: Uint8Array) => Buffer.from(v)),
          dec: opt('dec', (v: Decimal) => v.toString()),
          day: s.get('day'),
          tod: opt('tod', () => '23:59:59.999+00'), // TIME(MILLIS, UTC-adjusted), as parquet-avro writes time-millis
          ts: opt('ts', (v: Date) => BigInt(v.getTime())),
          inner: inner(s.get('inner') as Struct),
          list: s.get('list'),
          structs: (s.get('structs') as Struct[]).map(inner),
          mk: opt('map', (m: Map<string, bigint>) => [...m.keys()]),
          mv: opt('map', (m: Map<string, bigint>) => [...m.values()]),
        });
      }
    });
  }

  it('timestamps in micros; a file never held whole: 200k records leave in row groups bounded by parquet.row.group.bytes', async () => {
    const flat = SchemaBuilder.struct()
      .field('id', Schema.INT64_SCHEMA)
      .field('name', Schema.STRING_SCHEMA)
      .field('at', TimestampSchema.SCHEMA)
      .build();
    const records = Array.from({ length: 200_000 }, (_, i) => ({
      value: new Struct(flat)
        .put('id', BigInt(i))
        .put('name', `name-${i}`.padEnd(60, '.'))
        .put('at', new Date(1_700_000_000_000 + i)),
      valueSchema: flat,
    }));
    const { bytes, chunks, maxBuffered } = await writeFile(
      { 'parquet.row.group.bytes': String(1024 * 1024), 'parquet.timestamp.unit': 'micros' },
      records,
    );
    expect(chunks).toBeGreaterThan(10);
    expect(maxBuffered).toBeLessThan(1.2 * 1024 * 1024);
    const [summary] = await duckdbRows(
      bytes,
      'x.parquet',
      `select count(*) as n, count(distinct id) as ids, sum(id) as total, min("at") as earliest, max(epoch_us("at")) as latest, typeof(any_value("at")) as t from read_parquet($file)`,
    );
    expect(summary).toEqual({
      n: 200_000n,
      ids: 200_000n,
      total: (199_999n * 200_000n) / 2n,
      earliest: new Date(1_700_000_000_000),
      latest: (1_700_000_000_000n + 199_999n) * 1000n,
      t: 'TIMESTAMP WITH TIME ZONE',
    });
  });

  it('an open file keeps no encoding buffer between row groups: 300 open files, each past its first row group', async () => {
    const flat = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
    const format = new ParquetFormat();
    format.configure({ 'parquet.row.group.rows': '2000', 'parquet.codec': 'none' });
    const provider = format.recordWriterProvider();
    let handedOver = 0;
    const before = process.memoryUsage().arrayBuffers;
    const writers = Array.from({ length: 300 }, (_, f) =>
      provider.open(
        {
          write: async (c) => {
            handedOver += c.length;
          },
        },
        { topicPartition: topicPartition('t', 0), encodedPartition: 'p', key: `k${f}`, schema: flat },
      ),
    );
    for (const writer of writers) {
      // A row group of ~250 KB encoded (a buffer grown past 256 KiB while encoding), then one more row held.
      for (let i = 0; i <= 2000; i++) {
        const value = new Struct(flat).put('id', BigInt(i)).put('name', `${i}`.padEnd(120, 'x'));
        await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, value, valueSchema: flat }));
      }
    }
    const held = process.memoryUsage().arrayBuffers - before;
    expect(handedOver).toBeGreaterThan(300 * 240_000);
    // Each file's writer starts a fresh 4 KiB buffer after its row group. It used to keep its
    // buffer (1 MiB at least, grown to the largest row group) until commit: 315 MB for these
    // 300 files, none of it in bufferedBytes, so outside the sink's memory budget.
    expect(held).toBeLessThan(24 * 1024 * 1024);
    for (const writer of writers) writer.abort();
  });

  it('schemaless: inferred with widening or from a JSON Schema; a misfit is a DataError, never a dropped field', async () => {
    const values = [
      { id: 1, price: 10, tags: ['a'] },
      { id: 2, price: 10.5, name: 'ü', nested: { ok: true } },
    ];
    const { bytes } = await writeFile(
      {},
      values.map((value) => ({ value })),
    );
    expect(await duckdbRows(bytes, 'x.parquet', 'select * from read_parquet($file)')).toEqual([
      { id: 1n, price: 10, tags: ['a'], name: null, nested: null },
      { id: 2n, price: 10.5, tags: null, name: 'ü', nested: { ok: true } },
    ]);
    const jsonSchema = JSON.stringify({
      type: 'object',
      properties: { id: { type: 'integer' }, day: { type: 'string', format: 'date' } },
      required: ['id'],
    });
    const configured = await writeFile({ 'format.schemaless.schema': jsonSchema }, [
      { value: { id: 7, day: '2024-02-29' } },
    ]);
    expect(
      await duckdbRows(configured.bytes, 'x.parquet', 'select id, day::varchar as day from read_parquet($file)'),
    ).toEqual([{ id: 7n, day: '2024-02-29' }]);
    const error = await writeFile({ 'format.schemaless.schema': jsonSchema }, [
      { value: { id: 1 } },
      { value: { id: 2, extra: 1 } },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/field extra is not in the schema.*offset 1/);
  });

  it('a value that does not fit is a DataError naming the record; zstd without zlib zstd is a ConfigError', async () => {
    const flat = SchemaBuilder.struct().field('d', DecimalSchema.schema(2)).build();
    const error = await writeFile({}, [
      { value: new Struct(flat).put('d', new Decimal(1n, 2)), valueSchema: flat },
      { value: null, valueSchema: flat },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/offset 1/);
    if (!ZSTD) expect(() => new ParquetFormat().configure({ 'parquet.codec': 'zstd' })).toThrow(/parquet.codec/);
  });

  it('parquet.file.extension=plain (default) always names files .parquet; a bad value is a ConfigError naming key, value and choices', () => {
    for (const config of [
      { 'parquet.codec': 'gzip' },
      { 'parquet.codec': 'snappy', 'parquet.file.extension': 'plain' },
      {},
    ]) {
      const format = new ParquetFormat();
      format.configure(config);
      expect(format.recordWriterProvider().extension).toBe('.parquet');
    }
    const format = new ParquetFormat();
    format.configure({ 'parquet.file.extension': 'CODEC' });
    expect(format.recordWriterProvider().extension).toBe('.snappy.parquet');
    const error = (() => {
      try {
        new ParquetFormat().configure({ 'parquet.file.extension': 'snappy' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/snappy.*parquet\.file\.extension.*plain, codec/);
  });
});
