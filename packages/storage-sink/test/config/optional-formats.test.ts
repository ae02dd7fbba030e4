import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ConfigError, ManualClock, type Storage } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import avro from 'avsc';
import { afterAll, describe, expect, it } from 'vitest';
import { withOptionalFormat } from '../../src/config/plugins.js';
import { OPTIONAL_FORMAT_NAMES, parseSinkSettings, StorageSinkConnector, StorageSinkTask } from '../../src/index.js';
import { FakeConsumer, records, sourceOf } from '../support/harness.js';

const AVRO_NAMES = OPTIONAL_FORMAT_NAMES.filter((n) => /avro/i.test(n));
const PARQUET_NAMES = OPTIONAL_FORMAT_NAMES.filter((n) => /parquet/i.test(n));
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-optional-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a task with `format.class=name` over 20 schemaless records of one partition; returns the files. */
async function sink(name: string): Promise<Map<string, Uint8Array>> {
  const storage = new MemoryStorage();
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  const task = new StorageSinkTask({ storage, clock });
  await task.start({ 'format.class': name, 'flush.size': '10' });
  await new FakeConsumer(sourceOf(records('orders', 0, 20))).runAll(task);
  await task.stop();
  return dataFiles(storage);
}

async function dataFiles(storage: Storage): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let pageToken: string | undefined;
  do {
    const page = await storage.list('topics/', { pageToken });
    for (const { key } of page.objects) {
      const bytes = await storage.get(key);
      if (bytes) files.set(key, bytes);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return files;
}

async function avroValues(bytes: Uint8Array): Promise<unknown[]> {
  const decoder = new avro.streams.BlockDecoder();
  const values: unknown[] = [];
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('data', (v: unknown) => values.push(v));
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  decoder.end(Buffer.from(bytes));
  await done;
  return values;
}

async function parquetRowCount(bytes: Uint8Array, name: string): Promise<number> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${file}')`);
    return Number((reader.getRowObjectsJS()[0] as { n: bigint }).n);
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe('format.class names Avro or Parquet: the sink imports the format package when started', () => {
  it('knows the short, class and Confluent S3/GCS/Azure names of both', () => {
    expect(AVRO_NAMES).toEqual([
      'AvroFormat',
      'avro',
      'io.confluent.connect.s3.format.avro.AvroFormat',
      'io.confluent.connect.gcs.format.avro.AvroFormat',
      'io.confluent.connect.azure.storage.format.avro.AvroFormat',
    ]);
    expect(PARQUET_NAMES).toHaveLength(5);
  });

  it.each(AVRO_NAMES)('format.class=%s writes .avro files avsc reads back, record for record', async (name) => {
    const files = await sink(name);
    expect(files.size).toBe(2);
    const ids: string[] = [];
    for (const [key, bytes] of files) {
      expect(key).toMatch(/^topics\/orders\/partition=0\/orders\+0\+\d{10}\.avro$/);
      for (const v of await avroValues(bytes)) ids.push((v as { id: string }).id);
    }
    expect(ids.sort()).toEqual(
      records('orders', 0, 20)
        .map((r) => (r.value as { id: string }).id)
        .sort(),
    );
  });

  it.each(PARQUET_NAMES)('format.class=%s writes .parquet files DuckDB reads, 10 rows each', async (name) => {
    const files = await sink(name);
    expect(files.size).toBe(2);
    for (const [key, bytes] of files) {
      expect(key).toMatch(/\.parquet$/);
      const text = new TextDecoder();
      expect(text.decode(bytes.subarray(0, 4))).toBe('PAR1');
      expect(text.decode(bytes.subarray(bytes.length - 4))).toBe('PAR1');
      expect(await parquetRowCount(bytes, key.replaceAll('/', '_'))).toBe(10);
    }
  });

  it('the connector checks the settings of an Avro or Parquet format at start', async () => {
    await expect(
      new StorageSinkConnector({ storage: new MemoryStorage() }).start({
        'format.class': 'parquet',
        'flush.size': '10',
      }),
    ).resolves.toBeUndefined();
    await expect(
      new StorageSinkConnector({ storage: new MemoryStorage() }).start({
        'format.class': 'avro',
        'flush.size': '10',
        'avro.codec': 'bzip2',
      }),
    ).rejects.toThrow(/avro\.codec/);
  });

  it('a class the application registers under the same name wins', async () => {
    const registered = { avro: class {} as never };
    expect(await withOptionalFormat('avro', registered)).toBe(registered);
    expect(await withOptionalFormat('json', undefined)).toBeUndefined();
  });

  it('a missing package is a ConfigError naming format.class, the value and the package to install', async () => {
    const missing = (pkg: string) => import(/* @vite-ignore */ `${pkg}-not-installed`);
    const error = await withOptionalFormat('io.confluent.connect.s3.format.avro.AvroFormat', undefined, missing).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'Invalid value io.confluent.connect.s3.format.avro.AvroFormat for configuration format.class: needs the optional peer dependency @sinkkit/format-avro: npm install @sinkkit/format-avro',
    );
    await expect(withOptionalFormat('parquet', undefined, missing)).rejects.toThrow(
      /format\.class: needs the optional peer dependency @sinkkit\/format-parquet: npm install @sinkkit\/format-parquet/,
    );
  });

  it('parseSinkSettings (synchronous) says where an unregistered Avro class comes from', () => {
    expect(() =>
      parseSinkSettings({ 'format.class': 'avro', 'flush.size': '10', 'store.url': 'file:///tmp/x' }),
    ).toThrow(/format\.class: provided by @sinkkit\/format-avro, which the connector and task load at start/);
  });
});
