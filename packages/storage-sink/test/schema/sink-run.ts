import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  type ErrantRecordReporter,
  ManualClock,
  type SinkRecord,
  type Storage,
  TopicPartitionMap,
} from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import avro from 'avsc';
import { StorageSinkTask } from '../../src/index.js';
import { FakeConsumer, sourceOf } from '../support/harness.js';

/** What a sink run left: its data files in key (so offset) order, the task, and the records reported as errant. */
export interface SinkRun {
  readonly files: [key: string, bytes: Uint8Array][];
  readonly errant: { record: SinkRecord; error: Error }[];
  readonly storage: Storage;
}

const HOUR = 3_600_000;

/**
 * Runs a real StorageSinkTask over MemoryStorage with `props`, delivering `input` in puts of up
 * to `batch` (default 7) records per partition, then lets the hourly `rotate.schedule.interval.ms` fall due so the last batch is
 * committed too. With `tolerateErrors` the task gets an errant-record reporter
 * (errors.tolerance=all); without, a bad record fails the put (errors.tolerance=none). Pass
 * `storage` to look at what a failed run left.
 */
export async function runSink(
  input: SinkRecord[],
  props: Record<string, string>,
  options: { tolerateErrors?: boolean; batch?: number; storage?: Storage } = {},
): Promise<SinkRun> {
  const storage = options.storage ?? new MemoryStorage();
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  const task = new StorageSinkTask({ storage, clock });
  await task.start({ 'flush.size': '100', 'rotate.schedule.interval.ms': String(HOUR), ...props });
  const consumer = new FakeConsumer(sourceOf(input));
  const errant: SinkRun['errant'] = [];
  if (options.tolerateErrors) {
    const reporter: ErrantRecordReporter = {
      report: async (record, error) => {
        errant.push({ record, error });
      },
    };
    (consumer.context as { errantRecordReporter: () => ErrantRecordReporter | null }).errantRecordReporter = () =>
      reporter;
  }
  try {
    await consumer.runAll(task, { batch: options.batch ?? 7 });
    await clock.advance(HOUR);
    await task.preCommit(new TopicPartitionMap());
  } finally {
    await task.stop();
  }
  return { files: await dataFiles(storage), errant, storage };
}

/** The data files under `topics/`, in key (so offset) order. */
export async function dataFiles(storage: Storage): Promise<[string, Uint8Array][]> {
  const files: [string, Uint8Array][] = [];
  let pageToken: string | undefined;
  do {
    const page = await storage.list('topics/', { pageToken });
    for (const { key } of page.objects) {
      const bytes = await storage.get(key);
      if (bytes) files.push([key, bytes]);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** An Avro object container file read by avsc: its writer schema's field names and its records. */
export async function readAvro(bytes: Uint8Array): Promise<{ fields: string[]; rows: Record<string, unknown>[] }> {
  const decoder = new avro.streams.BlockDecoder();
  const rows: Record<string, unknown>[] = [];
  let fields: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (type: { fields?: { name: string }[] }) => {
      fields = (type.fields ?? []).map((f) => f.name);
    });
    decoder.on('data', (v: Record<string, unknown>) => rows.push({ ...v }));
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  decoder.end(Buffer.from(bytes));
  await done;
  return { fields, rows };
}

const scratch = mkdtempSync(join(tmpdir(), 'sinkkit-schema-evolution-'));
let fileCount = 0;

/** A Parquet file read by DuckDB: its column names and its rows in file order. */
export async function readParquet(bytes: Uint8Array): Promise<{ fields: string[]; rows: Record<string, unknown>[] }> {
  const file = join(scratch, `f${fileCount++}.parquet`);
  writeFileSync(file, bytes);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
    return { fields: reader.columnNames(), rows: reader.getRowObjectsJS() as Record<string, unknown>[] };
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

/** Removes the scratch folder of {@link readParquet}. */
export function removeScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}
