import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type Storage, topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { MemoryStorage, MemoryStore } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../src/index.js';
import { audit, baseProps, FakeConsumer, readOutput, records, SpreadPartitioner, sourceOf } from './support/harness.js';

const clock = () => {
  const c = new ManualClock(Date.UTC(2024, 0, 1));
  c.sleep = async () => {};
  return c;
};
const crash = () => Object.assign(new Error('process killed'), { retriable: false });
const all = () => [...records('orders', 0, 90), ...records('orders', 1, 60)];

async function newTask(storage: Storage, spread = true, writerId = 'task') {
  const task = new StorageSinkTask({
    storage,
    clock: clock(),
    partitioner: spread ? new SpreadPartitioner() : undefined,
    writerId,
  });
  await task.start({ ...baseProps, 'flush.size': '12', 'spread.buckets': '3' });
  return task;
}

/**
 * A crash: the first instance dies when `arm` makes storage fail (a non-retriable error stands
 * for the kill), is abandoned as it is, and a new instance over the same store takes over from
 * the Kafka offsets the first one committed.
 */
async function crashAndRecover(arm: (storage: MemoryStorage) => void, commitBeforeCrash = true) {
  const store = new MemoryStore();
  const first = new MemoryStorage({ store });
  const source = sourceOf(all());
  const consumer = new FakeConsumer(source);
  const task = await newTask(first);
  task.initialize(consumer.context);
  await task.open(consumer.partitions());
  consumer.applySeeks();
  for (let i = 0; i < 2; i++) await consumer.step(task, 10);
  if (commitBeforeCrash) await consumer.commit(task);
  arm(first);
  await expect(
    (async () => {
      while (await consumer.step(task, 10)) {}
    })(),
  ).rejects.toThrow(/killed/);
  // Restart: a new process with the offsets Kafka has (possibly behind the WAL).
  const second = new MemoryStorage({ store });
  const restarted = new FakeConsumer(source, consumer.committed);
  await restarted.runAll(await newTask(second), { batch: 10 });
  const output = await readOutput(second);
  const committed = all().filter((r) => r.kafkaOffset < (restarted.committed.get(r.originalTopicPartition) ?? 0n));
  return { output, committed, store, second, restarted };
}

describe('crash consistency (MemoryStorage kill points)', () => {
  const walKey = (key: string) => key.startsWith('_sinkkit/wal/');
  it.each([
    [
      'after staging, before the WAL write',
      (s: MemoryStorage) => s.failNext('putIfAbsent', { key: walKey, error: crash() }),
    ],
    [
      'after the WAL write (answer lost)',
      (s: MemoryStorage) => s.failNext('putIfAbsent', { key: walKey, after: true, error: crash() }),
    ],
    [
      'between finalizing two files of one batch',
      (s: MemoryStorage) => {
        let n = 0;
        s.failNext('finalize', { key: () => ++n === 2, error: crash() });
      },
    ],
    ['while writing a staged file', (s: MemoryStorage) => s.failNext('write', { error: crash() })],
  ])('kill %s: the new instance recovers with 0 duplicates and 0 gaps', async (_name, arm) => {
    const { output, committed } = await crashAndRecover(arm);
    expect(committed.length).toBeGreaterThan(100);
    expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });

  it('kill before the Kafka offset commit: the WAL is ahead of Kafka, the restart seeks past it', async () => {
    const { output, committed } = await crashAndRecover(
      (s) => s.failNext('putIfAbsent', { key: walKey, after: true, error: crash() }),
      false,
    );
    expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });

  it('retriable storage faults mid-stream are absorbed: rewind, seek, rebuild the batch', async () => {
    const storage = new MemoryStorage();
    const consumer = new FakeConsumer(sourceOf(all()));
    const task = await newTask(storage);
    storage.failNext('write', { times: 3 });
    storage.failNext('close', { times: 2 });
    storage.failNext('putIfAbsent', { key: walKey, times: 2, after: true }); // outcome unknown twice
    storage.failNext('finalize', { times: 2 });
    await consumer.runAll(task, { batch: 10 });
    const output = await readOutput(storage);
    const committed = all().filter((r) => r.kafkaOffset < (consumer.committed.get(r.originalTopicPartition) ?? 0n));
    expect(committed.length).toBeGreaterThan(90);
    expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });
});

async function twoOwners(a: Storage, b: Storage, readBack: Storage) {
  const tp = topicPartition('orders', 0);
  const source = sourceOf(records('orders', 0, 200));
  const stale = new FakeConsumer(source);
  const zombie = await newTask(a, false, 'zombie');
  zombie.initialize(stale.context);
  await zombie.open([tp]);
  stale.applySeeks();
  for (let i = 0; i < 3; i++) await stale.step(zombie, 10);
  // A rebalance the zombie did not notice: a new owner takes the partition over.
  const fresh = new FakeConsumer(source, stale.committed);
  const owner = await newTask(b, false, 'owner');
  owner.initialize(fresh.context);
  await owner.open([tp]);
  fresh.applySeeks();
  // Both keep writing, interleaved.
  let going = true;
  while (going) {
    const z = await stale.step(zombie, 7);
    const o = await fresh.step(owner, 9);
    going = z || o;
  }
  // Let both finish whatever they still hold.
  await fresh.commit(owner);
  await stale.commit(zombie);
  const output = await readOutput(readBack);
  const batches = await committedBatches(readBack, tp);
  // The history is one chain: each batch starts where the previous ended, whoever wrote it.
  for (const [i, b] of batches.entries()) if (i > 0) expect(b.fromOffset).toBe(batches[i - 1]?.nextOffset);
  const writers = new Set(batches.filter((b) => b.files.length > 0).map((b) => b.writerId));
  expect(writers).toContain('owner');
  return { output, tp, writers };
}

describe('fencing: a stale owner and a new owner write the same partition', () => {
  it('MemoryStorage with a shared store: every record at most once, each seq committed by one writer', async () => {
    const store = new MemoryStore();
    const { output } = await twoOwners(
      new MemoryStorage({ store }),
      new MemoryStorage({ store }),
      new MemoryStorage({ store }),
    );
    expect([...output.counts.values()].every((n) => n === 1)).toBe(true);
    expect(output.counts.size).toBeGreaterThanOrEqual(180);
    const offsets = [...output.counts.keys()].map((id) => Number(id.split('-').at(-1))).sort((x, y) => x - y);
    expect(offsets).toEqual(offsets.map((_, i) => i)); // contiguous from 0: no gap
  });

  it('FsStorage, two instances on one folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sink-fence-'));
    try {
      const { output } = await twoOwners(new FsStorage({ root }), new FsStorage({ root }), new FsStorage({ root }));
      expect([...output.counts.values()].every((n) => n === 1)).toBe(true);
      const offsets = [...output.counts.keys()].map((id) => Number(id.split('-').at(-1))).sort((x, y) => x - y);
      expect(offsets).toEqual(offsets.map((_, i) => i));
      expect(offsets.length).toBeGreaterThanOrEqual(180);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
