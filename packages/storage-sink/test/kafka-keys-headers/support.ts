import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Headers, ManualClock, Schema, SchemaBuilder, SinkRecord, type Storage, Struct } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import avro from 'avsc';
import { afterEach } from 'vitest';
import { StorageSinkTask } from '../../src/index.js';
import { FakeConsumer, sourceOf } from '../support/harness.js';

/** A fresh FsStorage in a temporary folder, removed after the test. */
export async function tempStorage(): Promise<{ storage: FsStorage; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-keys-headers-'));
  roots.push(root);
  return { storage: new FsStorage({ root }), root };
}
const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

export function manualClock(): ManualClock {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  return clock;
}

export const ORDER_SCHEMA = SchemaBuilder.struct()
  .name('shop.Order')
  .field('id', Schema.STRING_SCHEMA)
  .field('n', Schema.INT64_SCHEMA)
  .field('note', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

/**
 * Records of `topic`-`partition` with keys (`k<n>`, every 5th null), headers (a trace id as
 * bytes, every 3rd record none, every 4th also a binary one) and a value that is schemaless
 * (`{id, n}`) or, with `schema`, a Connect struct.
 */
export function keyedRecords(topic: string, partition: number, count: number, schema = false): SinkRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const headers = new Headers();
    if (n % 3 !== 0) headers.add('trace', new TextEncoder().encode(`t-${n}`), Schema.OPTIONAL_BYTES_SCHEMA);
    if (n % 4 === 1) headers.add('bin', new Uint8Array([0xff, 0xfe, n]), Schema.OPTIONAL_BYTES_SCHEMA);
    const id = `${topic}-${partition}-${n}`;
    return new SinkRecord({
      topic,
      kafkaPartition: partition,
      kafkaOffset: n,
      key: n % 5 === 0 ? null : `k${n}`,
      keySchema: Schema.OPTIONAL_STRING_SCHEMA,
      value: schema
        ? new Struct(ORDER_SCHEMA)
            .put('id', id)
            .put('n', BigInt(n))
            .put('note', n % 2 ? `é ${n}` : null)
        : { id, n },
      valueSchema: schema ? ORDER_SCHEMA : null,
      timestamp: Date.UTC(2024, 0, 1) + n * 1000,
      headers,
    });
  });
}

/** The headers of a record as the companion and the envelope write them: `{key, value}` with text values. */
export function expectedHeaders(record: SinkRecord): { key: string; value: string | null }[] {
  return record.headers.toArray().map((h) => {
    const bytes = h.value as Uint8Array;
    let value: string;
    try {
      value = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      value = Buffer.from(bytes).toString('base64');
    }
    return { key: h.key, value };
  });
}

/** Every object under `prefix`, by key. */
export async function objects(storage: Storage, prefix = 'topics/'): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  let pageToken: string | undefined;
  do {
    const page = await storage.list(prefix, { pageToken });
    for (const { key } of page.objects) out.set(key, (await storage.get(key)) as Uint8Array);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return out;
}

export const jsonLines = (bytes: Uint8Array): unknown[] =>
  new TextDecoder()
    .decode(bytes)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const AVRO_HEADER = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const AVRO_LONG = avro.Type.forSchema('long');

/**
 * The records of an Avro object container file (codec null), each decoded by avsc with the
 * file's writer schema. Read block by block here because avsc's stream decoder ends at a null
 * record (an object stream cannot carry one), and keys may be null.
 */
export function avroFile(bytes: Uint8Array): { schema: unknown; values: unknown[] } {
  const buffer = Buffer.from(bytes);
  const header = AVRO_HEADER.decode(buffer, 0) as {
    value: { meta: Record<string, Buffer> };
    offset: number;
  };
  const codec = header.value.meta['avro.codec']?.toString() ?? 'null';
  if (codec !== 'null') throw new Error(`avroFile reads codec null only, not ${codec}`);
  const type = avro.Type.forSchema(JSON.parse(String(header.value.meta['avro.schema'])), {
    wrapUnions: false,
  } as avro.ForSchemaOptions);
  const values: unknown[] = [];
  let offset = header.offset;
  while (offset < buffer.length) {
    const count = AVRO_LONG.decode(buffer, offset) as { value: number; offset: number };
    const size = AVRO_LONG.decode(buffer, count.offset) as { value: number; offset: number };
    offset = size.offset;
    for (let i = 0; i < count.value; i++) {
      const decoded = type.decode(buffer, offset);
      values.push(decoded.value);
      offset = decoded.offset;
    }
    offset += 16; // the sync marker
  }
  return { schema: type.schema(), values };
}

/** Rows of `sql` run by DuckDB, `$file` replaced by the path of `key` under `root`. */
export async function duckRows(root: string, key: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(sql.replaceAll('$file', `'${join(root, key)}'`));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

/** Runs a task with `props` (flush.size 10 unless given) over `input` on a fresh FsStorage; returns its root and files. */
export async function sink(props: Record<string, string>, input: SinkRecord[], batch = 6) {
  const { storage, root } = await tempStorage();
  return { storage, root, files: await sinkInto(storage, props, input, batch) };
}

/** {@link sink} into a given Storage; resolves the objects under `topics/` afterwards. */
export async function sinkInto(
  storage: Storage,
  props: Record<string, string>,
  input: SinkRecord[],
  batch = 6,
): Promise<Map<string, Uint8Array>> {
  const task = new StorageSinkTask({ storage, clock: manualClock() });
  await task.start({ 'flush.size': '10', ...props });
  await new FakeConsumer(sourceOf(input)).runAll(task, { batch });
  await task.stop();
  return objects(storage);
}
