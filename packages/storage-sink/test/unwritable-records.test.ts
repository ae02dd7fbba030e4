import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataError, Schema, SchemaBuilder, SinkRecord, Struct } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFiles, runSink } from './schema/sink-run.js';

// A topic whose records at offsets 4 and 11 have an empty struct value (a schema with no fields).
const Event = SchemaBuilder.struct().name('Event').field('id', Schema.INT32_SCHEMA).build();
const Empty = SchemaBuilder.struct().name('Empty').build();
const EMPTY = [4, 11];
const input = Array.from({ length: 16 }, (_, i) => {
  const empty = EMPTY.includes(i);
  return new SinkRecord({
    topic: 'events',
    kafkaPartition: 0,
    kafkaOffset: i,
    valueSchema: empty ? Empty : Event,
    value: empty ? new Struct(Empty) : new Struct(Event).put('id', i),
    timestamp: i,
  });
});

const scratch = mkdtempSync(join(tmpdir(), 'sinkkit-unwritable-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file of a run read by DuckDB in one glob, as a user reads the topic's folder: the ids. */
async function readFolder(files: [string, Uint8Array][], format: string): Promise<number[]> {
  const dir = mkdtempSync(join(scratch, `${format}-`));
  for (const [key, bytes] of files) writeFileSync(join(dir, key.replaceAll('/', '_')), bytes);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const reader = format === 'parquet' ? `read_parquet('${dir}/*')` : `read_csv('${dir}/*', header = true)`;
    const result = await connection.runAndReadAll(`select id from ${reader} order by id`);
    return result.getRowObjectsJS().map((r) => Number(r.id));
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe.each(['parquet', 'csv'])('a record %s cannot write readably is a data error', (format) => {
  it('errors.tolerance=all: it goes to the dead-letter queue and every file of the folder reads back', async () => {
    const run = await runSink(input, { 'format.class': format, 'flush.size': '5' }, { tolerateErrors: true });
    expect(run.errant.map(({ record }) => Number(record.kafkaOffset))).toEqual(EMPTY);
    for (const { error } of run.errant) {
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(/\(topic events, partition 0, offset (4|11)\)/);
    }
    expect(run.files.length).toBeGreaterThan(1);
    const expected = input.filter((r) => !EMPTY.includes(Number(r.kafkaOffset))).map((r) => Number(r.kafkaOffset));
    expect(await readFolder(run.files, format)).toEqual(expected);
  });

  it('errors.tolerance=none: the task fails naming topic, partition and offset, and no unreadable file is written', async () => {
    const storage = new MemoryStorage();
    const failure = await runSink(input, { 'format.class': format, 'flush.size': '2' }, { storage }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DataError);
    expect(String(failure)).toMatch(/topic events, partition 0, offset 4\b/);
    // What was committed before it (offsets 0-3, two files) reads back; nothing of the bad record is there.
    const files = await dataFiles(storage);
    expect(files.length).toBe(2);
    expect(await readFolder(files, format)).toEqual([0, 1, 2, 3]);
  });
});
