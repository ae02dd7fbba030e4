import { ManualClock, type StagedUpload, type Storage, topicPartition } from '@sinkkit/core';
import { MemoryStorage, MemoryStore } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../src/index.js';
import { audit, baseProps, FakeConsumer, readOutput, records, sourceOf } from './support/harness.js';

// Regressions found by the S3 fault-proxy tests (test/s3/storage-faults.s3.test.ts), pinned here
// deterministically on MemoryStorage.

/**
 * A store whose staged uploads cannot be listed (as s3rver): a new owner cannot abort a zombie's
 * uploads, so the zombie learns it is fenced only when its WAL append is refused.
 */
class UnlistedStagingStorage extends MemoryStorage {
  override async listStaged(): Promise<StagedUpload[]> {
    return [];
  }
}

async function newTask(storage: Storage, props: Record<string, string> = {}, writerId = 'task') {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  const task = new StorageSinkTask({ storage, clock, writerId });
  await task.start({ ...baseProps, ...props });
  return task;
}

describe('the writer rewinds to the right offset', () => {
  it('a file that fails to open before anything was committed: the consumer is sent back to that record, no gap', async () => {
    // Before the fix the batch had not started when the open failed, so there was no offset to
    // seek back to: the rest of the put was dropped and the consumer went on after it.
    const storage = new MemoryStorage();
    storage.failNext('openStaged', { times: 2 });
    const all = [...records('orders', 0, 60), ...records('orders', 1, 60)];
    const consumer = new FakeConsumer(sourceOf(all));
    await consumer.runAll(await newTask(storage), { batch: 25 });
    expect(consumer.committed.get(topicPartition('orders', 0))).toBe(60n);
    expect(consumer.committed.get(topicPartition('orders', 1))).toBe(60n);
    const output = await readOutput(storage);
    expect(audit(output.counts, all)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });

  it('fenced by the commit a record-time rotation starts: that record is not written after adopting the winner', async () => {
    // Before the fix the record that triggered the rotation was written into a new batch at its
    // own offset after the writer had adopted the winner's entry and seeked past it: a duplicate,
    // in a file whose key the winner had already committed.
    const store = new MemoryStore();
    const tp = topicPartition('orders', 0);
    const all = records('orders', 0, 40); // timestamps 0..39: rotate.interval.ms 5 commits every 5 records
    const source = sourceOf(all);
    const props = { 'flush.size': '100', 'rotate.interval.ms': '5' };
    const zombie = await newTask(new UnlistedStagingStorage({ store }), props, 'zombie');
    const stale = new FakeConsumer(source);
    zombie.initialize(stale.context);
    await zombie.open([tp]);
    stale.applySeeks();
    await stale.step(zombie, 4); // 0..3 open in the zombie's batch
    const owner = await newTask(new UnlistedStagingStorage({ store }), props, 'owner');
    const fresh = new FakeConsumer(source);
    owner.initialize(fresh.context);
    await owner.open([tp]);
    fresh.applySeeks();
    await fresh.step(owner, 11); // commits 0..4 and 5..9; 10 open
    await stale.step(zombie, 6); // record 5 starts a commit: fenced, adopts nextOffset 10
    let going = true;
    while (going) {
      const z = await stale.step(zombie, 3);
      const o = await fresh.step(owner, 4);
      going = z || o;
    }
    await fresh.commit(owner);
    await stale.commit(zombie);
    const reader = new MemoryStorage({ store });
    const batches = await committedBatches(reader, tp);
    for (const [i, b] of batches.entries()) if (i > 0) expect(b.fromOffset).toBe(batches[i - 1]?.nextOffset);
    const last = batches.at(-1)?.nextOffset ?? 0n;
    expect(last).toBeGreaterThanOrEqual(35n);
    const output = await readOutput(reader);
    const committed = all.filter((r) => r.kafkaOffset < last);
    expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });
});
