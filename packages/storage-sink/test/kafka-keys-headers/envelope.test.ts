import { ConfigError, type SinkRecord, type Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { parseSinkSettings } from '../../src/index.js';
import { avroFile, duckRows, expectedHeaders, jsonLines, keyedRecords, sink } from './support.js';

const ALL = 'key,value,topic,partition,offset,timestamp,headers';

const field = (value: unknown, name: string) => (value as Struct).get(name);

describe('format.output.fields: each record written in an envelope', () => {
  it('schemaless values, JSON lines: every field of every record, value for value', async () => {
    const input = keyedRecords('orders', 0, 20);
    const { files } = await sink({ 'format.class': 'json', 'format.output.fields': ALL }, input);
    const lines = [...files.values()].flatMap((bytes) => jsonLines(bytes));
    expect(lines).toEqual(
      input.map((r) => ({
        key: r.key,
        value: r.value,
        topic: 'orders',
        partition: 0,
        offset: Number(r.kafkaOffset),
        timestamp: r.timestamp,
        headers: expectedHeaders(r),
      })),
    );
  });

  it('a Connect value, Avro: a nested record schema, read back by avsc value for value', async () => {
    const input = keyedRecords('orders', 0, 20, true);
    const { files } = await sink({ 'format.class': 'avro', 'format.output.fields': ALL }, input);
    expect([...files.keys()].every((k) => k.endsWith('.avro'))).toBe(true);
    const read = [...files.values()].map((bytes) => avroFile(bytes));
    const schema = read[0]?.schema as { name: string; fields: { name: string; type: unknown }[] };
    expect(schema.name).toBe('sinkkit.RecordEnvelope');
    expect(schema.fields.map((f) => f.name)).toEqual(ALL.split(','));
    expect(schema.fields.find((f) => f.name === 'value')?.type).toMatchObject({ type: 'record', name: 'shop.Order' });
    const values = read.flatMap((f) => f.values) as Record<string, unknown>[];
    expect(values).toHaveLength(20);
    values.forEach((v, i) => {
      const r = input[i] as SinkRecord;
      expect(v.key).toBe(r.key);
      expect(v.value).toEqual({
        id: field(r.value, 'id'),
        n: Number(field(r.value, 'n')),
        note: field(r.value, 'note'),
      });
      expect([v.topic, v.partition, v.offset, v.timestamp]).toEqual(['orders', 0, Number(r.kafkaOffset), r.timestamp]);
      expect((v.headers as object[]).map((h) => ({ ...h }))).toEqual(expectedHeaders(r));
    });
  });

  it('a Connect value, Parquet: DuckDB reads the nested value, the timestamp and the headers', async () => {
    const input = keyedRecords('orders', 0, 20, true);
    const { root, files } = await sink(
      { 'format.class': 'parquet', 'format.output.fields': 'offset,key,value,timestamp,headers' },
      input,
    );
    const rows = [];
    for (const key of [...files.keys()].sort()) {
      rows.push(
        ...(await duckRows(
          root,
          key,
          'SELECT "offset", key, value.id AS id, value.n AS n, value.note AS note, epoch_ms(timestamp) AS ts, headers FROM read_parquet($file)',
        )),
      );
    }
    expect(rows).toEqual(
      input.map((r) => ({
        offset: r.kafkaOffset,
        key: r.key,
        id: field(r.value, 'id'),
        n: field(r.value, 'n'),
        note: field(r.value, 'note'),
        ts: BigInt(r.timestamp as number),
        headers: expectedHeaders(r),
      })),
    );
  });

  it('format.output.envelope=false with one field writes it bare: the keys alone', async () => {
    const input = keyedRecords('orders', 0, 10);
    const { files } = await sink(
      { 'format.class': 'json', 'format.output.fields': 'key', 'format.output.envelope': 'false' },
      input,
    );
    expect([...files.values()].flatMap((b) => jsonLines(b))).toEqual(input.map((r) => r.key));
  });

  it('refuses unknown or repeated fields, and envelope=false with several fields, naming the key', () => {
    const parse = (props: Record<string, string>) => () =>
      parseSinkSettings({ 'format.class': 'json', 'flush.size': '1', ...props }, { hasStorage: true });
    expect(parse({ 'format.output.fields': 'value,partiton' })).toThrow(ConfigError);
    expect(parse({ 'format.output.fields': 'value,partiton' })).toThrow(
      /format\.output\.fields.*unknown field partiton/,
    );
    expect(parse({ 'format.output.fields': 'key,key' })).toThrow(/key is listed twice/);
    expect(parse({ 'format.output.fields': 'key,value', 'format.output.envelope': 'false' })).toThrow(
      /format\.output\.envelope.*exactly one/,
    );
    expect(parse({ 'format.output.fields': 'value' }).call(null).envelope).toEqual({
      fields: ['value'],
      envelope: true,
    });
  });
});
