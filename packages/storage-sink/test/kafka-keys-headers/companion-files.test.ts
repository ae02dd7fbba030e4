import { type SinkRecord, topicPartition } from '@sinkkit/core';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { avroFile, duckRows, expectedHeaders, jsonLines, keyedRecords, sink } from './support.js';

const stemOf = (key: string) => key.replace(/\.(keys|headers)\.[^/]+$|\.[^/]+$/, '');

/** Groups the objects under topics/ by value file: the value file and its companions. */
function groups(files: ReadonlyMap<string, Uint8Array>, valueExtension: string) {
  const byStem = new Map<string, Map<string, Uint8Array>>();
  for (const [key, bytes] of files) {
    const stem = stemOf(key);
    const kind = /\.keys\./.test(key) ? 'keys' : /\.headers\./.test(key) ? 'headers' : 'value';
    if (kind === 'value') expect(key.endsWith(valueExtension)).toBe(true);
    byStem.set(stem, (byStem.get(stem) ?? new Map()).set(kind, bytes));
  }
  return byStem;
}

const byOffset = (list: readonly SinkRecord[]) => new Map(list.map((r) => [Number(r.kafkaOffset), r]));

describe('store.kafka.keys / store.kafka.headers: files beside each value file, committed with it', () => {
  it('JSON lines: every value file has a .keys.json and a .headers.json with its records, line for line', async () => {
    const input = [...keyedRecords('orders', 0, 45), ...keyedRecords('orders', 1, 30)];
    const { storage, files } = await sink(
      {
        'format.class': 'json',
        'store.kafka.keys': 'true',
        'store.kafka.headers': 'true',
        'keys.format.class': 'json',
        'headers.format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      },
      input,
      7,
    );
    const grouped = groups(files, '.json');
    // 45 → 4 full files + 5 uncommitted, 30 → 3 full files: 7 value files, each with two companions.
    expect(grouped.size).toBe(7);
    const records = new Map(input.map((r) => [(r.value as { id: string }).id, r]));
    let seen = 0;
    for (const [stem, group] of grouped) {
      expect([...group.keys()].sort(), stem).toEqual(['headers', 'keys', 'value']);
      expect(files.has(`${stem}.keys.json`) && files.has(`${stem}.headers.json`)).toBe(true);
      const values = jsonLines(group.get('value') as Uint8Array) as { id: string }[];
      const keys = jsonLines(group.get('keys') as Uint8Array);
      const headers = jsonLines(group.get('headers') as Uint8Array);
      expect(keys).toHaveLength(values.length);
      expect(headers).toHaveLength(values.length);
      values.forEach((value, i) => {
        const record = records.get(value.id) as SinkRecord;
        expect(keys[i]).toEqual(record.key);
        expect(headers[i]).toEqual({ headers: expectedHeaders(record) }); // Confluent wraps them in JSON
      });
      seen += values.length;
    }
    expect(seen).toBe(70);

    // One WAL entry per batch lists the value file and both companions, with equal counts and offsets.
    for (const partition of [0, 1]) {
      const batches = await committedBatches(storage, topicPartition('orders', partition));
      const withFiles = batches.filter((b) => b.files.length > 0);
      expect(withFiles.length).toBeGreaterThan(0);
      for (const batch of withFiles) {
        expect(batch.files).toHaveLength(3);
        const [value, ...companions] = batch.files;
        expect(companions.map((c) => c.key)).toEqual([
          value?.key.replace(/\.json$/, '.keys.json'),
          value?.key.replace(/\.json$/, '.headers.json'),
        ]);
        for (const c of companions) {
          expect([c.recordCount, c.startOffset, c.endOffset]).toEqual([
            value?.recordCount,
            value?.startOffset,
            value?.endOffset,
          ]);
          expect(files.get(c.key)?.length).toBe(c.size);
        }
      }
    }
  });

  it('Parquet values with Avro keys and headers (Confluent defaults): DuckDB and avsc read them back row for row', async () => {
    const input = keyedRecords('orders', 0, 40, true);
    const props = {
      'format.class': 'parquet',
      'flush.size': '20',
      'store.kafka.keys': 'true',
      'store.kafka.headers': 'true',
    };
    const { root, files } = await sink(props, input, 9);
    const grouped = groups(files, '.parquet');
    expect(grouped.size).toBe(2);
    const records = byOffset(input);
    for (const [stem, group] of grouped) {
      expect([...group.keys()].sort()).toEqual(['headers', 'keys', 'value']);
      const rows = await duckRows(root, `${stem}.parquet`, 'SELECT id, n FROM read_parquet($file)');
      const keys = avroFile(group.get('keys') as Uint8Array);
      const headers = avroFile(group.get('headers') as Uint8Array);
      expect(keys.schema).toEqual(['null', 'string']);
      expect(headers.schema).toMatchObject({ type: 'array', items: { type: 'record' } });
      expect(keys.values).toHaveLength(rows.length);
      expect(headers.values).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        const record = records.get(Number(row.n)) as SinkRecord;
        expect(row.id).toBe((record.value as { get(f: string): unknown }).get('id'));
        expect(keys.values[i]).toEqual(record.key);
        expect((headers.values[i] as object[]).map((h) => ({ ...h }))).toEqual(expectedHeaders(record));
      });
    }
  });

  it('Parquet keys files wrap each key in a {key} row, as Confluent does, which DuckDB reads', async () => {
    const input = keyedRecords('orders', 0, 10);
    const { root } = await sink(
      {
        'format.class': 'json',
        'store.kafka.keys': 'true',
        'keys.format.class': 'parquet',
        'store.kafka.headers': 'true',
        'headers.format.class': 'parquet',
      },
      input,
    );
    const key = 'topics/orders/partition=0/orders+0+0000000000';
    const keys = await duckRows(root, `${key}.keys.parquet`, 'SELECT key FROM read_parquet($file)');
    expect(keys.map((r) => r.key)).toEqual(input.map((r) => r.key));
    const headers = await duckRows(root, `${key}.headers.parquet`, 'SELECT headers FROM read_parquet($file)');
    expect(headers.map((r) => r.headers)).toEqual(input.map(expectedHeaders));
  });

  it("keeps wrapping Parquet keys and headers when their files take Confluent's codec extension", async () => {
    const input = keyedRecords('orders', 0, 10);
    const { root } = await sink(
      {
        'format.class': 'json',
        'parquet.file.extension': 'codec',
        'store.kafka.keys': 'true',
        'keys.format.class': 'parquet',
        'store.kafka.headers': 'true',
        'headers.format.class': 'parquet',
      },
      input,
    );
    const key = 'topics/orders/partition=0/orders+0+0000000000';
    const keys = await duckRows(root, `${key}.keys.snappy.parquet`, 'SELECT key FROM read_parquet($file)');
    expect(keys.map((r) => r.key)).toEqual(input.map((r) => r.key));
    const headers = await duckRows(root, `${key}.headers.snappy.parquet`, 'SELECT headers FROM read_parquet($file)');
    expect(headers.map((r) => r.headers)).toEqual(input.map(expectedHeaders));
  });
});
