import { DataError, ManualClock, type SinkRecord, topicPartition } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../src/index.js';
import { baseProps, FakeConsumer, readOutput, records, sourceOf } from './support/harness.js';

// Every fifth record lacks the partition field: FieldPartitioner throws a DataError for it.
const source = () =>
  records('orders', 0, 20).map((r, i) =>
    r.newRecord({
      value:
        i % 5 === 2 ? { id: (r.value as { id: string }).id } : { ...(r.value as object), region: i % 2 ? 'eu' : 'us' },
    }),
  );
const props = {
  ...baseProps,
  'flush.size': '4',
  'partitioner.class': 'FieldPartitioner',
  'partition.field.name': 'region',
};

async function run(reporter: ((record: SinkRecord, error: Error) => Promise<void>) | null) {
  const storage = new MemoryStorage();
  const consumer = new FakeConsumer(sourceOf(source()));
  const context = { ...consumer.context, errantRecordReporter: () => (reporter ? { report: reporter } : null) };
  Object.assign(consumer, { context });
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  const task = new StorageSinkTask({ storage, clock });
  await task.start(props);
  return { storage, done: consumer.runAll(task) };
}

describe('a record the partitioner cannot place follows errors.tolerance', () => {
  it('all: reported to the errant-record reporter (dead-letter queue), skipped, offsets stay gap-free', async () => {
    const reported: [bigint, Error][] = [];
    const { storage, done } = await run(async (record, error) => {
      reported.push([record.kafkaOffset, error]);
    });
    await done;
    expect(reported.map(([o]) => o)).toEqual([2n, 7n, 12n, 17n]);
    expect(reported[0]?.[1]).toBeInstanceOf(DataError);
    expect(reported[0]?.[1].message).toMatch(/Partition field region is missing.*offset 2/);
    const { counts, files } = await readOutput(storage);
    const batches = await committedBatches(storage, topicPartition('orders', 0));
    const next = Number(batches.at(-1)?.nextOffset);
    expect(next).toBeGreaterThan(12);
    // Every committed offset is either in exactly one file or was reported and skipped.
    const bad = new Set([2, 7, 12, 17]);
    for (let o = 0; o < next; o++) expect(counts.get(`orders-0-${o}`) ?? 0).toBe(bad.has(o) ? 0 : 1);
    expect(counts.size).toBe(next - [...bad].filter((o) => o < next).length);
    expect(batches.reduce((n, b) => n + b.skipped, 0)).toBe([...bad].filter((o) => o < next).length);
    expect([...files.keys()].every((k) => /^topics\/orders\/region=(eu|us)\/orders\+0\+/.test(k))).toBe(true);
  });

  it('none (no reporter): the put fails with a DataError naming topic, partition and offset', async () => {
    const { done } = await run(null);
    await expect(done).rejects.toThrow(/Partition field region is missing.*\(topic orders, partition 0, offset 2\)/);
  });

  it('none with a dead-letter queue (the reporter rejects): the put fails', async () => {
    const { done } = await run(async (_r, error) => {
      throw new DataError(`Task reported an errant record with errors.tolerance=none: ${error.message}`);
    });
    await expect(done).rejects.toThrow(/errors.tolerance=none.*offset 2/);
  });
});
