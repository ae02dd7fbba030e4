import { ManualClock, topicPartition } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../src/index.js';
import { audit, baseProps, FakeConsumer, readOutput, records, SpreadPartitioner, sourceOf } from './support/harness.js';

const noSleepClock = () => {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  return clock;
};

async function run(
  props: Record<string, string>,
  opts: { spread?: boolean; counts?: number[]; clock?: ManualClock } = {},
) {
  const storage = new MemoryStorage();
  const all = (opts.counts ?? [120, 75]).map((n, p) => records('orders', p, n));
  const consumer = new FakeConsumer(sourceOf(...all));
  const task = new StorageSinkTask({
    storage,
    clock: opts.clock ?? noSleepClock(),
    partitioner: opts.spread ? new SpreadPartitioner() : undefined,
  });
  await task.start({ ...baseProps, ...props });
  await consumer.runAll(task, { batch: 17 });
  const output = await readOutput(storage);
  return { storage, task, consumer, output, expected: all.flat() };
}

describe('exactly-once with rotation', () => {
  it('flush.size: files of at most flush.size records, every record once, offsets committed only from the WAL', async () => {
    const { output, expected, consumer, storage } = await run({ 'flush.size': '10' });
    const committed = expected.filter((r) => r.kafkaPartition === 0 || r.kafkaOffset < 70n);
    expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
    expect(output.files.size).toBe(12 + 7);
    expect([...output.files.values()].every((ids) => ids.length <= 10)).toBe(true);
    expect(output.files.has('topics/orders/partition=0/orders+0+0000000110.json')).toBe(true);
    // 120 records commit in full; of 75, the last 5 wait for the next rotation: not committed.
    expect(consumer.committed.get(topicPartition('orders', 0))).toBe(120n);
    expect(consumer.committed.get(topicPartition('orders', 1))).toBe(70n);
    const batches = await committedBatches(storage, topicPartition('orders', 1));
    expect(batches.at(-1)?.nextOffset).toBe(70n);
  });

  it('one partition spread over many files commits them together, each offset in exactly one file', async () => {
    const { output, expected, storage } = await run(
      { 'flush.size': '1000', 'file.max.bytes': '400' },
      { spread: true, counts: [200] },
    );
    const tp = topicPartition('orders', 0);
    const batches = await committedBatches(storage, tp);
    const committedFiles = batches.flatMap((b) => b.files);
    expect(batches.filter((b) => b.files.length > 1).length).toBeGreaterThan(0); // several files per commit
    expect(new Set(committedFiles.map((f) => f.key)).size).toBe(output.files.size);
    const committedRecords = committedFiles.reduce((n, f) => n + f.recordCount, 0);
    const lastNext = batches.at(-1)?.nextOffset ?? 0n;
    expect(
      audit(
        output.counts,
        expected.filter((r) => r.kafkaOffset < lastNext),
      ).duplicates,
    ).toEqual([]);
    expect(output.counts.size).toBe(committedRecords);
    expect(committedRecords).toBe(Number(lastNext));
    expect([...output.files.keys()].some((k) => k.startsWith('topics/orders/bucket=3/'))).toBe(true);
  });

  it('wall-clock rotation (rotate.schedule.interval.ms) commits idle partitions on preCommit', async () => {
    const clock = noSleepClock();
    const storage = new MemoryStorage();
    const consumer = new FakeConsumer(sourceOf(records('orders', 0, 7)));
    const task = new StorageSinkTask({ storage, clock });
    await task.start({ ...baseProps, 'flush.size': '1000', 'rotate.schedule.interval.ms': '60000' });
    await consumer.runAll(task);
    expect(consumer.committed.get(topicPartition('orders', 0))).toBeUndefined();
    clock.advance(60_000);
    await consumer.commit(task); // nothing new arrived: the partition is idle
    expect(consumer.committed.get(topicPartition('orders', 0))).toBe(7n);
    expect((await readOutput(storage)).counts.size).toBe(7);
  });

  it('record-time rotation (rotate.interval.ms): the record past the interval starts the next file', async () => {
    const { output } = await run({ 'flush.size': '1000', 'rotate.interval.ms': '30' }, { counts: [100] });
    // timestamps are 0..99: files start at 0, 30, 60 (90.. stays open)
    expect([...output.files.keys()].map((k) => k.slice(-15))).toEqual([
      'rs+0+0000000000.json'.slice(-15),
      'rs+0+0000000030.json'.slice(-15),
      'rs+0+0000000060.json'.slice(-15),
    ]);
  });

  it('memory budget: commits early instead of growing, output still exactly once', async () => {
    const { output, expected, task, consumer } = await run(
      { 'flush.size': '100000', 'sink.memory.budget.bytes': '2000' },
      { counts: [150, 150, 150] },
    );
    expect(task.pressureCommits['memory.budget']).toBeGreaterThan(5);
    for (const p of [0, 1, 2]) expect(consumer.committed.get(topicPartition('orders', p))).toBeGreaterThan(0n);
    const committedIds = expected.filter(
      (r) => r.kafkaOffset < (consumer.committed.get(topicPartition('orders', r.kafkaPartition)) ?? 0n),
    );
    expect(audit(output.counts, committedIds)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });

  it('max open files: opening one more commits the partition holding the most', async () => {
    const { output, task } = await run(
      { 'flush.size': '100000', 'partitioner.max.open.files': '3', 'spread.buckets': '4' },
      { spread: true, counts: [40] },
    );
    expect(task.pressureCommits['max.open.files']).toBeGreaterThan(0);
    expect([...output.counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('skips records below the committed offset (redelivery) and counts ignored nulls as skipped', async () => {
    const storage = new MemoryStorage();
    const list = records('orders', 0, 20).map((r, i) => (i % 5 === 0 ? r.newRecord({ value: null }) : r));
    const consumer = new FakeConsumer(sourceOf(list));
    const task = new StorageSinkTask({ storage, clock: noSleepClock() });
    await task.start({ ...baseProps, 'flush.size': '4', 'behavior.on.null.values': 'ignore' });
    await consumer.runAll(task);
    // Redeliver everything from 0, as after a rebalance to the same owner.
    consumer.positions.set(topicPartition('orders', 0), 0n);
    while (await consumer.step(task)) {}
    const { counts } = await readOutput(storage);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(16);
    const batches = await committedBatches(storage, topicPartition('orders', 0));
    expect(batches.reduce((n, b) => n + b.skipped, 0)).toBe(4);
    expect(batches.at(-1)?.nextOffset).toBe(20n);
  });

  it('behavior.on.null.values=fail fails the put naming the record', async () => {
    const task = new StorageSinkTask({ storage: new MemoryStorage(), clock: noSleepClock() });
    const consumer = new FakeConsumer(sourceOf([records('orders', 0, 1)[0]?.newRecord({ value: null }) as never]));
    await task.start(baseProps);
    await expect(consumer.runAll(task)).rejects.toThrow(/null value.*orders.*0/);
  });
});
