import {
  ConfigError,
  DataError,
  Decimal,
  DecimalSchema,
  Schema,
  SchemaBuilder,
  SinkRecord,
  Struct,
  topicPartition,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { JsonFormat } from '../../src/index.js';
import { duckdbRows } from '../duckdb.js';

const ctx = { topicPartition: topicPartition('t', 0), encodedPartition: 'p', key: 'k', schema: null };

async function lines(config: Record<string, string>, records: { value: unknown; valueSchema?: Schema }[]) {
  const format = new JsonFormat();
  format.configure(config);
  const chunks: Uint8Array[] = [];
  const writer = format.recordWriterProvider().open({ write: async (c) => void chunks.push(c) }, ctx);
  for (const [i, r] of records.entries())
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, ...r }));
  await writer.commit();
  const bytes = Buffer.concat(chunks);
  return { bytes, lines: bytes.toString().split('\n').filter(Boolean) };
}

/** Connect's Decimal wire form read back: base64 → big-endian two's complement → unscaled value. */
function unscaledOf(base64: string): bigint {
  const bytes = Buffer.from(base64, 'base64');
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return (bytes[0] as number) & 0x80 ? n - (1n << BigInt(8 * bytes.length)) : n;
}

const priced = SchemaBuilder.struct()
  .name('com.example.Priced')
  .field('price', DecimalSchema.builder(3).build())
  .field('fee', DecimalSchema.builder(2).optional().build())
  .build();
const decimals = [
  new Struct(priced).put('price', Decimal.parse('12.340')).put('fee', Decimal.parse('-1.00')),
  new Struct(priced).put('price', Decimal.parse('-98765432109876543210.123')),
  new Struct(priced).put('price', Decimal.parse('0.000')).put('fee', Decimal.parse('1.28')),
];

describe('JsonFormat json.decimal.format', () => {
  it("BASE64 by default, as Confluent's JsonFormat: the unscaled value's two's-complement bytes, base64", async () => {
    const { lines: out } = await lines(
      {},
      decimals.map((value) => ({ value, valueSchema: priced })),
    );
    const rows = out.map((l) => JSON.parse(l) as { price: string; fee: string | null });
    expect(rows.map((r) => [typeof r.price, r.fee === null ? null : typeof r.fee])).toEqual([
      ['string', 'string'],
      ['string', null],
      ['string', 'string'],
    ]);
    for (const [i, row] of rows.entries()) {
      const s = decimals[i] as Struct;
      expect(unscaledOf(row.price)).toBe((s.get('price') as Decimal).unscaled);
      if (row.fee !== null) expect(unscaledOf(row.fee)).toBe((s.get('fee') as Decimal).unscaled);
    }
    // The shortest form, as Java's BigInteger.toByteArray(): 12340 = 0x3034, -100 = 0x9c, 128 = 0x0080, 0 = 0x00.
    expect(out[0]).toBe('{"price":"MDQ=","fee":"nA=="}');
    expect(out[2]).toBe('{"price":"AA==","fee":"AIA="}');
  });

  it('NUMERIC (any case): JSON numbers with every digit, which DuckDB reads as numbers', async () => {
    const { bytes, lines: out } = await lines(
      { 'json.decimal.format': 'numeric' },
      decimals.map((value) => ({ value, valueSchema: priced })),
    );
    expect(out).toEqual([
      '{"price":12.340,"fee":-1.00}',
      '{"price":-98765432109876543210.123,"fee":null}',
      '{"price":0.000,"fee":1.28}',
    ]);
    const rows = await duckdbRows(
      bytes,
      'd.json',
      `select json_type(price) as t, price::double as price from read_json($file, columns = {price: 'JSON', fee: 'DECIMAL(10,2)'})`,
    );
    // Numbers, not strings (DuckDB's JSON reader holds them as doubles; the text above has every digit).
    expect(rows).toEqual(decimals.map((s) => ({ t: 'DOUBLE', price: Number((s.get('price') as Decimal).toString()) })));
  });

  it('a bad value is a ConfigError naming the key, the value and the allowed values', () => {
    const error = (() => {
      try {
        new JsonFormat().configure({ 'json.decimal.format': 'STRING' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/json\.decimal\.format/);
    expect(String(error)).toMatch(/STRING/);
    expect(String(error)).toMatch(/BASE64.*NUMERIC/);
    expect(new JsonFormat().config().names()).toContain('json.decimal.format');
  });

  it('a Struct that does not match its record’s schema is a DataError naming the record', async () => {
    const other = SchemaBuilder.struct().field('price', Schema.STRING_SCHEMA).build();
    const bad = new Struct(other).put('price', '1.5');
    const failed = await lines({}, [{ value: bad, valueSchema: priced }]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DataError);
    expect(String(failed)).toMatch(/schema.*\(topic t, partition 0, offset 0\)/i);
  });
});

describe('JsonFormat maps', () => {
  const keyed = SchemaBuilder.struct()
    .field('byId', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
    .field('byName', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
    .field('byDay', SchemaBuilder.map(Schema.BOOLEAN_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).optional().build())
    .build();

  it("non-string keys in a Struct are an array of [key, value] pairs, as Connect's JsonConverter writes them", async () => {
    const value = new Struct(keyed)
      .put(
        'byId',
        new Map([
          [7, 'seven'],
          [-1, 'minus one'],
        ]),
      )
      .put('byName', new Map([['a', 2n ** 60n]]))
      .put('byDay', new Map([[true, null]]));
    const { bytes, lines: out } = await lines({}, [{ value, valueSchema: keyed }]);
    expect(out).toEqual([
      '{"byId":[[7,"seven"],[-1,"minus one"]],"byName":{"a":1152921504606846976},"byDay":[[true,null]]}',
    ]);
    const [row] = await duckdbRows(
      bytes,
      'm.json',
      `select to_json(byId) as ids, byName.a::varchar as a from read_json($file, columns = {byId: 'JSON', byName: 'STRUCT(a BIGINT)', byDay: 'JSON'})`,
    );
    expect(row).toEqual({ ids: '[[7,"seven"],[-1,"minus one"]]', a: String(2n ** 60n) });
  });

  it('a map that is the whole value (not a Struct) stays an object, as Jackson writes it in Confluent’s format', async () => {
    const schema = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
    const { lines: out } = await lines({}, [{ value: new Map([[7, 'seven']]), valueSchema: schema }]);
    expect(out).toEqual(['{"7":"seven"}']);
  });
});

describe('JsonFormat empty structs', () => {
  it('are written as {} (valid JSON lines, as JsonConverter writes them), which DuckDB reads beside other files', async () => {
    const empty = SchemaBuilder.struct().name('Empty').build();
    const { bytes, lines: out } = await lines({}, [{ value: new Struct(empty), valueSchema: empty }]);
    expect(out).toEqual(['{}']);
    const rows = await duckdbRows(bytes, 'e.json', 'select count(*) as n from read_json($file)');
    expect(rows).toEqual([{ n: 1n }]);
  });
});

describe('JsonFormat null fields', () => {
  it('a null field whose schema has a default is written as the default, as JsonConverter does', async () => {
    const schema = SchemaBuilder.struct()
      .field('n', SchemaBuilder.int32().optional().defaultValue(7).build())
      .field('s', Schema.OPTIONAL_STRING_SCHEMA)
      .build();
    const { lines: out } = await lines({}, [{ value: new Struct(schema), valueSchema: schema }]);
    expect(out).toEqual(['{"n":7,"s":null}']);
  });
});
