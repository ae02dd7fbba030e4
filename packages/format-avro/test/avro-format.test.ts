import { crc32, inflateRawSync } from 'node:zlib';
import { avroTypeOptions, compileAvroToConnect } from '@sinkkit/converters';
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
  valuesEqual,
} from '@sinkkit/core';
import avro from 'avsc';
import { uncompressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { AvroFormat } from '../src/index.js';

const innerSchema = SchemaBuilder.struct()
  .name('Inner')
  .field('x', Schema.INT32_SCHEMA)
  .field('s', Schema.OPTIONAL_STRING_SCHEMA)
  .build();
const schema = SchemaBuilder.struct()
  .name('com.example.Event')
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
  const full = i % 3 !== 2;
  const s = new Struct(schema)
    .put('i8', -128 + (i % 256))
    .put('i16', 32767 - i)
    .put('i64', 2n ** 62n + BigInt(i))
    .put('f32', 1.5)
    .put('b', i % 2 === 0)
    .put('inner', new Struct(innerSchema).put('x', i))
    .put('structs', []);
  if (!full) return s;
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
  const format = new AvroFormat();
  format.configure(config);
  const provider = format.recordWriterProvider();
  const chunks: Buffer[] = [];
  const writes: number[] = [];
  const writer = provider.open(
    {
      write: async (c) => {
        chunks.push(Buffer.from(c));
        writes.push(writer.bufferedBytes);
      },
    },
    {
      topicPartition: topicPartition('t', 0),
      encodedPartition: 'p',
      key: 'k',
      schema: records[0]?.valueSchema ?? null,
    },
  );
  for (const [i, r] of records.entries())
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, ...r }));
  await writer.commit();
  return { bytes: Buffer.concat(chunks), chunks: chunks.length, extension: provider.extension };
}

/** Reads a container file with avsc's own decoder (snappy checked against the CRC the spec requires). */
async function readFile(bytes: Buffer): Promise<{ schema: unknown; codec: string; values: unknown[] }> {
  const decoder = new avro.streams.BlockDecoder({
    parseHook: (s: unknown) => avro.Type.forSchema(s as avro.Schema, avroTypeOptions()),
    codecs: {
      null: (buf: Buffer, cb: (e: Error | null, b?: Buffer) => void) => cb(null, buf),
      deflate: (buf: Buffer, cb: (e: Error | null, b?: Buffer) => void) => cb(null, inflateRawSync(buf)),
      snappy: (buf: Buffer, cb: (e: Error | null, b?: Buffer) => void) => {
        const data = uncompressSync(buf.subarray(0, buf.length - 4)) as Buffer;
        const ok = crc32(data) >>> 0 === buf.readUInt32BE(buf.length - 4);
        cb(ok ? null : new Error('snappy CRC mismatch'), data);
      },
    },
  } as never);
  let schema: unknown;
  let codec = '';
  decoder.on('metadata', (_type: unknown, c: string, header: { meta: Record<string, Buffer> }) => {
    codec = c;
    schema = JSON.parse(String(header.meta['avro.schema']));
  });
  const values: unknown[] = [];
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('data', (v: unknown) => values.push(v));
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  decoder.end(bytes);
  await done;
  return { schema, codec, values };
}

describe('AvroFormat', () => {
  for (const codec of ['null', 'deflate', 'snappy']) {
    it(`avro.codec=${codec}: every Connect type read back by avsc's file decoder, value for value`, async () => {
      const structs = Array.from({ length: 40 }, (_, i) => event(i));
      const { bytes, chunks, extension } = await writeFile(
        { 'avro.codec': codec, 'avro.block.bytes': '2000' },
        structs.map((value) => ({ value, valueSchema: schema })),
      );
      expect(extension).toBe('.avro');
      expect(chunks).toBeGreaterThan(2); // blocks went out as they filled
      const file = await readFile(bytes);
      expect(file.codec).toBe(codec);
      const plan = compileAvroToConnect(file.schema as never);
      expect(file.values).toHaveLength(structs.length);
      for (const [i, raw] of file.values.entries()) {
        const read = plan.read(raw) as Struct;
        for (const field of schema.fields) {
          const expected = (structs[i] as Struct).get(field.name);
          const actual = read.get(field.name);
          if (field.schema.type === 'STRUCT' || field.name === 'structs') {
            expect(
              JSON.stringify(actual, (_k, v) =>
                typeof v === 'bigint' ? String(v) : v instanceof Struct ? v.schema.fields.map((f) => v.get(f.name)) : v,
              ),
            ).toBe(
              JSON.stringify(expected, (_k, v) =>
                typeof v === 'bigint' ? String(v) : v instanceof Struct ? v.schema.fields.map((f) => v.get(f.name)) : v,
              ),
            );
          } else {
            expect(valuesEqual(actual, expected), `${field.name} of record ${i}`).toBe(true);
          }
        }
      }
    });
  }

  it('bounded memory: 50k records leave the writer in blocks of about avro.block.bytes', async () => {
    const flat = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).field('name', Schema.STRING_SCHEMA).build();
    const records = Array.from({ length: 50_000 }, (_, i) => ({
      value: new Struct(flat).put('id', BigInt(i)).put('name', `n${i}`.padEnd(40, 'x')),
      valueSchema: flat,
    }));
    const { bytes, chunks } = await writeFile({ 'avro.codec': 'snappy', 'avro.block.bytes': '65536' }, records);
    expect(chunks).toBeGreaterThan(30);
    const file = await readFile(bytes);
    expect(file.values.map((v) => (v as { id: bigint }).id)).toEqual(records.map((_, i) => BigInt(i)));
  });

  it('schemaless: inferred with widening, or from a configured Avro / JSON Schema; a misfit is a DataError, never a dropped field', async () => {
    const values = [
      { id: 1, price: 10, tags: ['a'] },
      { id: 2, price: 10.5, name: 'ü' },
    ];
    const inferred = await readFile(
      (
        await writeFile(
          {},
          values.map((value) => ({ value })),
        )
      ).bytes,
    );
    expect(inferred.values).toEqual([
      { id: { long: 1n }, price: { double: 10 }, tags: { array: [{ string: 'a' }] }, name: null },
      { id: { long: 2n }, price: { double: 10.5 }, tags: null, name: { string: 'ü' } },
    ]);
    const jsonSchema = JSON.stringify({
      type: 'object',
      properties: { id: { type: 'integer' }, at: { type: 'string', format: 'date-time' } },
      required: ['id'],
    });
    const configured = await readFile(
      (
        await writeFile({ 'format.schemaless.schema': jsonSchema }, [
          { value: { id: 7, at: '2024-01-01T00:00:00.001Z' } },
        ])
      ).bytes,
    );
    expect(configured.values).toEqual([{ id: 7n, at: { long: 1704067200001n } }]);
    const avroSchema = JSON.stringify({ type: 'record', name: 'E', fields: [{ name: 'id', type: 'long' }] });
    const error = await writeFile({ 'format.schemaless.schema': avroSchema }, [
      { value: { id: 1 } },
      { value: { id: 2, extra: 'x' } },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/field extra is not in the schema.*offset 1/);
    const lateMisfit = await writeFile({ 'format.schemaless.infer.records': '1' }, [
      { value: { id: 1 } },
      { value: { id: 1.5 } },
    ]).catch((e) => e);
    expect(lateMisfit).toBeInstanceOf(DataError);
    expect(lateMisfit.message).toMatch(/field id does not fit.*offset 1/);
  });

  it('a value that does not fit its schema is a DataError naming the record; bad codecs are ConfigErrors', async () => {
    const flat = SchemaBuilder.struct().field('d', DecimalSchema.schema(2)).build();
    const error = await writeFile({}, [
      { value: new Struct(flat).put('d', new Decimal(1n, 2)), valueSchema: flat },
      { value: null, valueSchema: flat },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/offset 1/);
    expect(() => new AvroFormat().configure({ 'avro.codec': 'bzip2' })).toThrow(/avro.codec/);
  });
});
