import { ManualClock, type Storage, topicPartition } from '@sinkkit/core';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../../src/index.js';
import {
  audit,
  baseProps,
  FakeConsumer,
  readOutput,
  records,
  SpreadPartitioner,
  sourceOf,
} from '../support/harness.js';
import { FaultingStorage } from './faulting-storage.js';

/**
 * The storage-sink crash and fencing scenarios of `crash-and-fencing.test.ts` (MemoryStorage), run
 * on a real adapter: `newStore` gives a fresh bucket or container, and `open` a new adapter instance
 * on it with its own client, as a restarted or a second process would have.
 */
export interface CloudStore {
  readonly name: string;
  newStore(): Promise<{ open: () => Storage }>;
}

const clock = () => {
  const c = new ManualClock(Date.UTC(2024, 0, 1));
  c.sleep = async () => {};
  return c;
};
const crash = () => Object.assign(new Error('process killed'), { retriable: false });
const all = () => [...records('orders', 0, 90), ...records('orders', 1, 60)];
const walKey = (key: string) => key.startsWith('_sinkkit/wal/');

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

/** The first instance dies at the armed kill point; a new one over the same store takes over from Kafka's offsets. */
async function crashAndRecover(open: () => Storage, arm: (s: FaultingStorage) => void, commitBeforeCrash = true) {
  const first = new FaultingStorage(open());
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
  const second = open();
  const restarted = new FakeConsumer(source, consumer.committed);
  await restarted.runAll(await newTask(second), { batch: 10 });
  const output = await readOutput(second);
  const committed = all().filter((r) => r.kafkaOffset < (restarted.committed.get(r.originalTopicPartition) ?? 0n));
  return { output, committed, second };
}

const KILLS: ReadonlyArray<[string, (s: FaultingStorage) => void, boolean]> = [
  ['after staging, before the WAL write', (s) => s.failNext('putIfAbsent', { key: walKey, error: crash() }), true],
  [
    'after the WAL write (answer lost)',
    (s) => s.failNext('putIfAbsent', { key: walKey, after: true, error: crash() }),
    true,
  ],
  [
    'between finalizing two files of one batch',
    (s) => {
      let n = 0;
      s.failNext('finalize', { key: () => ++n === 2, error: crash() });
    },
    true,
  ],
  ['while writing a staged file', (s) => s.failNext('write', { error: crash() }), true],
  [
    'after the WAL write, before the Kafka offset commit (the WAL is ahead of Kafka)',
    (s) => s.failNext('putIfAbsent', { key: walKey, after: true, error: crash() }),
    false,
  ],
];

/** Registers the crash-consistency and fencing tests for `store` (read lazily, inside the tests). */
export function describeCrashAndFencing(store: () => CloudStore): void {
  describe('crash consistency: a kill at each protocol boundary, then a new instance recovers', () => {
    it.each(KILLS)('kill %s: 0 duplicates, 0 gaps', async (_name, arm, commitBeforeCrash) => {
      const { open } = await store().newStore();
      const { output, committed, second } = await crashAndRecover(open, arm, commitBeforeCrash);
      expect(committed.length).toBeGreaterThan(100);
      expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
      // Staged data the dead instance left behind, referenced by no WAL entry, was cleaned up.
      if (second.capabilities.listStaged) expect(await second.listStaged('topics/')).toEqual([]);
    });

    it('retriable faults mid-stream (answers lost too) are absorbed: 0 duplicates, 0 gaps', async () => {
      const { open } = await store().newStore();
      const storage = new FaultingStorage(open());
      const consumer = new FakeConsumer(sourceOf(all()));
      const task = await newTask(storage);
      storage.failNext('write', { times: 2 });
      storage.failNext('close', { times: 2 });
      storage.failNext('putIfAbsent', { key: walKey, times: 2, after: true });
      storage.failNext('finalize', { times: 2, after: true });
      await consumer.runAll(task, { batch: 10 });
      const output = await readOutput(storage);
      const committed = all().filter((r) => r.kafkaOffset < (consumer.committed.get(r.originalTopicPartition) ?? 0n));
      expect(committed.length).toBeGreaterThan(90);
      expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
    });
  });

  it('fencing: a stale owner and a new owner write one partition, each seq is committed by exactly one of them', async () => {
    const { open } = await store().newStore();
    const tp = topicPartition('orders', 0);
    const source = sourceOf(records('orders', 0, 200));
    const zombieStorage = new FaultingStorage(open());
    const ownerStorage = new FaultingStorage(open());
    const stale = new FakeConsumer(source);
    const zombie = await newTask(zombieStorage, false, 'zombie');
    zombie.initialize(stale.context);
    await zombie.open([tp]);
    stale.applySeeks();
    for (let i = 0; i < 3; i++) await stale.step(zombie, 10);
    // A rebalance the zombie did not notice: a new owner takes the partition over.
    const fresh = new FakeConsumer(source, stale.committed);
    const owner = await newTask(ownerStorage, false, 'owner');
    owner.initialize(fresh.context);
    await owner.open([tp]);
    fresh.applySeeks();
    let going = true;
    while (going) {
      const z = await stale.step(zombie, 7);
      const o = await fresh.step(owner, 9);
      going = z || o;
    }
    await fresh.commit(owner);
    await stale.commit(zombie);

    const readBack = open();
    const output = await readOutput(readBack);
    const batches = await committedBatches(readBack, tp);
    // One chain: each batch starts where the previous ended, whoever wrote it.
    for (const [i, b] of batches.entries()) if (i > 0) expect(b.fromOffset).toBe(batches[i - 1]?.nextOffset);
    expect(new Set(batches.filter((b) => b.files.length > 0).map((b) => b.writerId))).toContain('owner');
    // The store decided every race: no WAL key was created by both, and someone lost at least one.
    const both = zombieStorage.created.filter((key) => ownerStorage.created.includes(key));
    expect(both).toEqual([]);
    expect(zombieStorage.taken.length + ownerStorage.taken.length).toBeGreaterThan(0);
    expect([...output.counts.values()].every((n) => n === 1)).toBe(true);
    const offsets = [...output.counts.keys()].map((id) => Number(id.split('-').at(-1))).sort((x, y) => x - y);
    expect(offsets).toEqual(offsets.map((_, i) => i)); // contiguous from 0: no gap
    expect(offsets.length).toBeGreaterThanOrEqual(180);
  });
}
