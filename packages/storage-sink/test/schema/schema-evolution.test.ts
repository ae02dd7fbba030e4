import { DataError, SCHEMA_PROJECTION_ERROR, type Schema, SinkRecord } from '@sinkkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readAvro, readParquet, removeScratch, runSink, type SinkRun } from './sink-run.js';
import { dropName, idAsText, unversioned, userRecords, userValue, v1, v2, v3 } from './user-schemas.js';

afterAll(removeScratch);

const TOPIC = 'users';

/** Plain values for comparison: bigints (DuckDB BIGINT, Connect INT64) as numbers. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

/**
 * The row a record of offset `offset` and schema `source` must become in a file of schema
 * `target`: its own value for every field both have, the target's default for a field it lacks.
 */
function expectedRow(source: Schema, target: Schema, offset: number): Record<string, unknown> {
  const value = userValue(source, offset);
  return plain(
    Object.fromEntries(
      target.fields.map((f) => [f.name, source.field(f.name) ? value.get(f.name) : f.schema.defaultValue]),
    ),
  );
}

/** Each file of the run as read back: its fields and rows, by the reader of the format. */
async function readBack(run: SinkRun, format: 'avro' | 'parquet') {
  const out: { key: string; fields: string[]; rows: Record<string, unknown>[] }[] = [];
  for (const [key, bytes] of run.files) {
    expect(key.endsWith(`.${format}`)).toBe(true);
    const file = format === 'avro' ? await readAvro(bytes) : await readParquet(bytes);
    out.push({ key, fields: file.fields, rows: file.rows.map(plain) });
  }
  return out;
}

/**
 * Checks that the files are, in order, the given `[target schema, offsets]` runs: each file's
 * columns are its schema's fields and its rows the records of those offsets, projected onto it.
 */
async function expectFiles(
  run: SinkRun,
  format: 'avro' | 'parquet',
  input: readonly SinkRecord[],
  expected: readonly [Schema, readonly number[]][],
): Promise<void> {
  const files = await readBack(run, format);
  expect(files.map((f) => f.key)).toEqual(
    expected.map(
      ([, offsets]) => `topics/${TOPIC}/partition=0/${TOPIC}+0+${String(offsets[0]).padStart(10, '0')}.${format}`,
    ),
  );
  for (const [i, [target, offsets]] of expected.entries()) {
    const file = files[i] as (typeof files)[number];
    expect(file.fields).toEqual(target.fields.map((f) => f.name));
    const rows = offsets.map((o) => expectedRow((input[o] as SinkRecord).valueSchema as Schema, target, o));
    expect(file.rows).toEqual(rows);
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('schema.compatibility through the real sink task', () => {
  it('NONE (default): every schema change commits the files and starts new ones (Avro, read by avsc)', async () => {
    const input = userRecords(TOPIC, [v1, v1, v1, v2, v2, v1, v1, v3]);
    const run = await runSink(input, { 'format.class': 'avro' });
    await expectFiles(run, 'avro', input, [
      [v1, [0, 1, 2]],
      [v2, [3, 4]],
      [v1, [5, 6]],
      [v3, [7]],
    ]);
  });

  it('BACKWARD: a newer version rotates, older records are projected onto the newest (Parquet, read by DuckDB)', async () => {
    const input = userRecords(TOPIC, [v1, v1, v2, v1, v2, v1, v1, v2]);
    const run = await runSink(input, { 'format.class': 'parquet', 'schema.compatibility': 'BACKWARD' });
    await expectFiles(run, 'parquet', input, [
      [v1, [0, 1]],
      [v2, range(2, 7)],
    ]);
    // The projected v1 records carry v2's default for the field they lack.
    const [, second] = await readBack(run, 'parquet');
    expect(second?.rows[1]).toEqual({ id: 3, name: 'name-3', country: 'unknown' });
  });

  it('FORWARD: an older version rotates, newer records are projected onto the oldest (Avro)', async () => {
    const input = userRecords(TOPIC, [v2, v2, v1, v2, v2, dropName, v1]);
    // dropName (version 2) lacks v1's required name: it cannot be projected onto the v1 file.
    const run = await runSink(
      input,
      { 'format.class': 'avro', 'schema.compatibility': 'FORWARD' },
      { tolerateErrors: true },
    );
    await expectFiles(run, 'avro', input, [
      [v2, [0, 1]],
      [v1, [2, 3, 4, 6]],
    ]);
    expect(run.errant.map(({ record }) => record.kafkaOffset)).toEqual([5n]);
    const [first] = run.errant;
    expect(first?.error).toBeInstanceOf(DataError);
    const error = first?.error as DataError;
    expect(error.code).toBe(SCHEMA_PROJECTION_ERROR);
    expect(error.message).toMatch(/required field "name" is missing.*\(topic users, partition 0, offset 5\)/);
  });

  it('FULL acts as BACKWARD: files keep the newest version (Parquet)', async () => {
    const input = userRecords(TOPIC, [v1, v2, v1, v1, v2, v1]);
    const run = await runSink(input, { 'format.class': 'parquet', 'schema.compatibility': 'FULL' });
    await expectFiles(run, 'parquet', input, [
      [v1, [0]],
      [v2, range(1, 5)],
    ]);
  });

  it('BACKWARD: removing a required field (no default) is a newer version: it rotates, and older records lose the field', async () => {
    const input = userRecords(TOPIC, [v1, v1, dropName, v1, dropName]);
    const run = await runSink(input, { 'format.class': 'parquet', 'schema.compatibility': 'BACKWARD' });
    await expectFiles(run, 'parquet', input, [
      [v1, [0, 1]],
      [dropName, [2, 3, 4]],
    ]);
  });

  it('BACKWARD: a type change cannot be projected either way, so it rotates rather than fails', async () => {
    const input = userRecords(TOPIC, [v1, v1, idAsText, idAsText, v1]);
    const run = await runSink(input, { 'format.class': 'avro', 'schema.compatibility': 'BACKWARD' });
    await expectFiles(run, 'avro', input, [
      [v1, [0, 1]],
      [idAsText, [2, 3]],
      [v1, [4]],
    ]);
  });

  it('BACKWARD: an older record lacking a required field of the newest schema (no default) goes to the dead-letter queue', async () => {
    const input = userRecords(TOPIC, [v2, v3, v2, v3, v1]);
    const run = await runSink(
      input,
      { 'format.class': 'avro', 'schema.compatibility': 'BACKWARD' },
      { tolerateErrors: true },
    );
    await expectFiles(run, 'avro', input, [
      [v2, [0]],
      [v3, [1, 3]],
    ]);
    expect(run.errant.map(({ record }) => record.kafkaOffset)).toEqual([2n, 4n]);
    for (const { error } of run.errant) expect(error.message).toMatch(/required field "email" is missing/);
  });

  it('with errors.tolerance=none the same record fails the task, naming topic, partition and offset', async () => {
    const input = userRecords(TOPIC, [v3, v2]);
    const error = await runSink(input, { 'format.class': 'avro', 'schema.compatibility': 'BACKWARD' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(
      /required field "email" is missing.*\(topic users, partition 0, offset 1\)/,
    );
  });

  it('projecting modes need versioned schemas: an unversioned or schemaless record is a data error, not a silent rotation', async () => {
    const input = userRecords(TOPIC, [v1, unversioned, null, v1]);
    const run = await runSink(
      input,
      { 'format.class': 'avro', 'schema.compatibility': 'FULL' },
      { tolerateErrors: true },
    );
    await expectFiles(run, 'avro', input, [[v1, [0, 3]]]);
    expect(run.errant.map(({ error }) => error.message)).toEqual([
      expect.stringMatching(/needs a version on every value schema.*\(topic users, partition 0, offset 1\)$/),
      expect.stringMatching(/schemaless and schema'd values.*\(topic users, partition 0, offset 2\)$/),
    ]);
  });

  it('an unknown schema.compatibility fails at start, naming the key and the values', async () => {
    await expect(runSink([], { 'format.class': 'avro', 'schema.compatibility': 'TRANSITIVE' })).rejects.toThrow(
      /schema\.compatibility.*must be one of NONE, BACKWARD, FORWARD, FULL/,
    );
  });
});

describe('sink.schema.pool.size: records flipping between schemas', () => {
  // Even offsets v1, odd v2: the pattern of a topic fed by two producer versions at once.
  const flipping = userRecords(
    TOPIC,
    range(0, 37).map((o) => (o % 2 === 0 ? v1 : v2)),
  );

  it('without a pool (NONE, one file per encoded partition) every record ends a file: 38 one-record files', async () => {
    const run = await runSink(flipping, { 'format.class': 'avro', 'flush.size': '10' });
    expect(run.files).toHaveLength(38);
    for (const [, bytes] of run.files) expect((await readAvro(bytes)).rows).toHaveLength(1);
  });

  it('with a pool of 2 each version has its own open file: one file per version per rotation (Parquet)', async () => {
    const run = await runSink(flipping, {
      'format.class': 'parquet',
      'flush.size': '10',
      'sink.schema.pool.size': '2',
    });
    const evens = (from: number, to: number) => range(from, to).filter((o) => o % 2 === 0);
    const odds = (from: number, to: number) => range(from, to).filter((o) => o % 2 === 1);
    // flush.size: the v1 file reaches 10 records at offset 18 and commits both files; then the v2
    // file reaches 10 at offset 37.
    await expectFiles(run, 'parquet', flipping, [
      [v1, evens(0, 18)],
      [v2, odds(1, 17)],
      [v2, odds(19, 37)],
      [v1, evens(20, 36)],
    ]);
  });

  it('a pool larger than partitioner.max.open.files fails at start, naming both keys', async () => {
    await expect(
      runSink([], { 'format.class': 'avro', 'sink.schema.pool.size': '4', 'partitioner.max.open.files': '3' }),
    ).rejects.toThrow(/sink\.schema\.pool\.size: exceeds partitioner\.max\.open\.files \(3\)/);
  });

  it('pool files count towards partitioner.max.open.files: a limit too low for the pools ends files early', async () => {
    // Two Kafka partitions, each flipping v1/v2; pool 2 and room for 2 open files in the task.
    const partition0 = flipping.slice(0, 4);
    const partition1 = partition0.map(
      (r) =>
        new SinkRecord({
          topic: r.topic,
          kafkaPartition: 1,
          kafkaOffset: r.kafkaOffset,
          valueSchema: r.valueSchema,
          value: r.value,
          timestamp: r.timestamp,
        }),
    );
    const files = async (maxOpenFiles: number) => {
      const run = await runSink(
        [...partition0, ...partition1],
        { 'format.class': 'avro', 'sink.schema.pool.size': '2', 'partitioner.max.open.files': String(maxOpenFiles) },
        { batch: 2 },
      );
      const out: Record<string, number[]> = {};
      for (const [key, bytes] of run.files) {
        out[key.slice(key.lastIndexOf('/') + 1)] = (await readAvro(bytes)).rows.map((row) => Number(row.id));
      }
      return out;
    };
    // Room for both partitions' pools: one file per schema and partition.
    const roomy = await files(4);
    expect(roomy).toEqual({
      'users+0+0000000000.avro': [0, 2],
      'users+0+0000000001.avro': [1, 3],
      'users+1+0000000000.avro': [0, 2],
      'users+1+0000000001.avro': [1, 3],
    });
    // Room for one pool only: each partition's new file commits the other partition's files
    // first (the fullest holder), so files end after a record again.
    const tight = await files(2);
    expect(Object.keys(tight)).toHaveLength(8);
    expect(Object.values(tight).every((ids) => ids.length === 1)).toBe(true);
  });

  it('with BACKWARD and a pool, older records go to the newest version file once it is open (no rotation)', async () => {
    const input = userRecords(TOPIC, [v1, idAsText, v1, v2, v1, idAsText, v2]);
    const run = await runSink(input, {
      'format.class': 'avro',
      'schema.compatibility': 'BACKWARD',
      'sink.schema.pool.size': '3',
    });
    // idAsText cannot share a file with v1 or v2 (id's type differs): it keeps its own slot; v2,
    // newer than v1, opens the third; from then on v1 records are projected onto v2.
    await expectFiles(run, 'avro', input, [
      [v1, [0, 2]],
      [idAsText, [1, 5]],
      [v2, [3, 4, 6]],
    ]);
  });
});
