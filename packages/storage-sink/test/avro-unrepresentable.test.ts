import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataError, Schema, SchemaBuilder, SinkRecord, Struct } from '@sinkkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runSink } from './schema/sink-run.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'sinkkit-avro-unrepresentable-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const GOOD = SchemaBuilder.struct().name('com.example.Event').field('id', Schema.INT32_SCHEMA).build();
// An io.confluent.connect.avro.Union with no member is an Avro union with no branch: avro-c refuses
// to open such a file ("Union type must have at least one branch"), even when every array is empty.
const EMPTY_UNION = SchemaBuilder.struct()
  .name('com.example.Event')
  .field('id', Schema.INT32_SCHEMA)
  .field('any', SchemaBuilder.array(SchemaBuilder.struct().name('io.confluent.connect.avro.Union').build()).build())
  .build();
// Two different records both named com.example.Address: Avro names are unique.
const CLASH = SchemaBuilder.struct()
  .name('com.example.Event')
  .field('id', Schema.INT32_SCHEMA)
  .field('home', SchemaBuilder.struct().name('com.example.Address').field('street', Schema.STRING_SCHEMA).build())
  .field('work', SchemaBuilder.struct().name('com.example.Address').field('line', Schema.INT32_SCHEMA).build())
  .build();

const BAD: Record<number, Schema> = { 3: EMPTY_UNION, 5: CLASH, 8: EMPTY_UNION };

const input = Array.from({ length: 12 }, (_, i) => {
  const schema = BAD[i] ?? GOOD;
  const value = new Struct(schema).put('id', i);
  if (schema === EMPTY_UNION) value.put('any', []);
  if (schema === CLASH) {
    value.put('home', new Struct(schema.field('home')?.schema as Schema).put('street', 's'));
    value.put('work', new Struct(schema.field('work')?.schema as Schema).put('line', 1));
  }
  return new SinkRecord({
    topic: 'events',
    kafkaPartition: 0,
    kafkaOffset: i,
    value,
    valueSchema: schema,
    timestamp: i,
  });
});

async function avrocat(bytes: Uint8Array, n: number): Promise<{ id: number }[]> {
  const path = join(scratch, `f${n}.avro`);
  writeFileSync(path, bytes);
  const { stdout } = await run('avrocat', [path]).catch((error: { stderr?: string; code?: string }) => {
    throw new Error(`avrocat (avro-bin, installed by scripts/setup.sh) failed: ${error.stderr ?? error.code}`);
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('a record Avro cannot represent readably is a data error, never an unreadable file', () => {
  it('errors.tolerance=all: those records are reported naming topic, partition and offset; every file is readable', async () => {
    const result = await runSink(input, { 'format.class': 'avro', 'flush.size': '4' }, { tolerateErrors: true });
    expect(result.errant.map(({ record }) => Number(record.kafkaOffset))).toEqual([3, 5, 8]);
    for (const { record, error } of result.errant) {
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toContain(`(topic events, partition 0, offset ${record.kafkaOffset})`);
    }
    expect(result.errant[0]?.error.message).toMatch(/needs at least one branch/);
    expect(result.errant[1]?.error.message).toMatch(/both named com.example.Address/);
    const ids: number[] = [];
    for (const [n, [, bytes]] of result.files.entries()) ids.push(...(await avrocat(bytes, n)).map((r) => r.id));
    expect(ids.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 6, 7, 9, 10, 11]);
  });

  it('errors.tolerance=none: the put fails with a DataError naming the first such record', async () => {
    const failed = await runSink(input, { 'format.class': 'avro', 'flush.size': '4' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DataError);
    expect(String(failed)).toMatch(/needs at least one branch.*topic events, partition 0, offset 3/);
  });
});
