import { DataError, SinkRecord } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { readAvro, runSink } from './schema/sink-run.js';

// Schemaless values; offsets 3, 10, 17 and 24 carry a text `n` where every other record has a number.
const BAD = [3, 10, 17, 24];
const input = Array.from(
  { length: 30 },
  (_, i) =>
    new SinkRecord({
      topic: 'events',
      kafkaPartition: 0,
      kafkaOffset: i,
      value: { id: `e-${i}`, n: BAD.includes(i) ? 'not a number' : i },
      timestamp: i,
    }),
);
const CONFIGURED = JSON.stringify({
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'n', type: 'long' },
  ],
});

async function ids(files: [string, Uint8Array][]): Promise<string[]> {
  const out: string[] = [];
  for (const [, bytes] of files) for (const row of (await readAvro(bytes)).rows) out.push(String(row.id));
  return out;
}

describe('a record the format refuses follows errors.tolerance', () => {
  it.each([
    ['a configured schema', { 'format.schemaless.schema': CONFIGURED }],
    ['an inferred schema (the refused record is the one that breaks it)', { 'format.schemaless.infer.records': '5' }],
  ])('all, with %s: only the refused records are reported, every other record is written once', async (_n, props) => {
    const run = await runSink(input, { 'format.class': 'avro', 'flush.size': '8', ...props }, { tolerateErrors: true });
    const reported = run.errant.map(({ record }) => Number(record.kafkaOffset));
    expect(reported).toEqual(BAD);
    for (const { error } of run.errant) {
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(/\(topic events, partition 0, offset \d+\)/);
    }
    const written = await ids(run.files);
    expect(written.sort()).toEqual(
      input
        .filter((r) => !BAD.includes(Number(r.kafkaOffset)))
        .map((r) => (r.value as { id: string }).id)
        .sort(),
    );
  });

  it('none: the put fails naming the first refused record', async () => {
    const failed = await runSink(input, { 'format.class': 'avro', 'format.schemaless.schema': CONFIGURED }).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(DataError);
    expect(String(failed)).toMatch(/topic events, partition 0, offset 3/);
  });
});
