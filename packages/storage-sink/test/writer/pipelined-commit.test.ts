import { ManualClock, type Storage, topicPartition } from '@sinkkit/core';
import { MemoryStorage, MemoryStore } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../../src/index.js';
import { audit, baseProps, FakeConsumer, readOutput, records, sourceOf } from '../support/harness.js';

// Commits run in the background while the next batch is written (see TopicPartitionWriter).
// These tests hold a commit at its WAL append, and make it fail in each way, to show that the
// batch written meanwhile is committed after it, or discarded and rebuilt with it.

/** A MemoryStorage whose create-only writes (the WAL's appends) wait while `held` is set. */
class GatedStorage extends MemoryStorage {
  held = false;
  waiting = 0;
  #release: (() => void) | undefined;
  #gate: Promise<void> | undefined;

  hold(): void {
    this.held = true;
    this.#gate = new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  release(): void {
    this.held = false;
    this.#release?.();
  }

  override async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    if (this.held) {
      this.waiting += 1;
      await this.#gate;
      this.waiting -= 1;
    }
    return super.putIfAbsent(key, body);
  }
}

async function newTask(storage: Storage, writerId = 'task') {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  const task = new StorageSinkTask({ storage, clock, writerId });
  await task.start({ ...baseProps }); // flush.size 10
  return task;
}

const tp = topicPartition('orders', 0);

async function opened(storage: Storage, consumer: FakeConsumer, writerId?: string) {
  const task = await newTask(storage, writerId);
  task.initialize(consumer.context);
  await task.open([tp]);
  consumer.applySeeks();
  return task;
}

describe('commits run in the background while the next batch is written', () => {
  it('put returns while its commit waits at the WAL; the records after it go to the next batch, committed after it', async () => {
    const storage = new GatedStorage();
    const all = records('orders', 0, 40);
    const consumer = new FakeConsumer(sourceOf(all));
    const task = await opened(storage, consumer);
    storage.hold();
    await consumer.step(task, 15); // 0..9 fill a file (flush.size 10): its commit starts; 10..14 open the next
    expect(storage.waiting).toBe(1);
    expect(task.writer(tp)?.committedOffset).toBeUndefined();
    expect(task.writer(tp)?.openFileCount).toBe(1);
    storage.release();
    await task.settle();
    expect(task.writer(tp)?.committedOffset).toBe(10n);
    await consumer.runAll(task, { open: false });
    const batches = (await committedBatches(storage, tp)).filter((b) => b.files.length > 0);
    expect(batches.map((b) => [b.fromOffset ?? 0n, b.nextOffset])).toEqual([
      [0n, 10n],
      [10n, 20n],
      [20n, 30n],
      [30n, 40n],
    ]);
    expect(audit((await readOutput(storage)).counts, all)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });

  it.each([
    { name: 'a file of it fails to close', fault: 'close', options: {}, resumeAt: 0n },
    { name: 'its WAL write fails, every retry', fault: 'putIfAbsent', options: { times: 5 }, resumeAt: 0n },
    {
      name: 'its WAL write lands but every answer is lost',
      fault: 'putIfAbsent',
      options: { times: 5, after: true },
      resumeAt: 10n, // recovery finds the entry and rolls it forward
    },
  ] as const)(
    'a background commit where $name: the batch written since is discarded with it, the rest rebuilt from Kafka',
    async ({ fault, options, resumeAt }) => {
      const storage = new MemoryStorage();
      const all = records('orders', 0, 40);
      const consumer = new FakeConsumer(sourceOf(all));
      const task = await opened(storage, consumer);
      storage.failNext(fault, options);
      await consumer.step(task, 15); // the commit of 0..9 starts (and fails); 10..14 are staged meanwhile
      await task.settle(); // takes the failure up; outside a put, the seek waits for the next one
      await consumer.step(task, 5); // the seek; the rest of this put is dropped
      expect(consumer.positions.get(tp)).toBe(resumeAt);
      expect(await storage.listStaged('')).toEqual([]); // the discarded batches' uploads were aborted
      await consumer.runAll(task, { open: false });
      const batches = (await committedBatches(storage, tp)).filter((b) => b.files.length > 0);
      expect(batches.at(-1)?.nextOffset).toBe(40n);
      for (const [i, b] of batches.entries()) if (i > 0) expect(b.fromOffset).toBe(batches[i - 1]?.nextOffset);
      expect(audit((await readOutput(storage)).counts, all)).toEqual({ duplicates: [], missing: [], unexpected: [] });
    },
  );

  it('a background commit fenced by a new owner: the stale owner discards its next batch too and follows the winner', async () => {
    const store = new MemoryStore();
    const all = records('orders', 0, 40);
    const source = sourceOf(all);
    const gated = new GatedStorage({ store });
    const stale = new FakeConsumer(source);
    const zombie = await opened(gated, stale, 'zombie');
    gated.hold();
    await stale.step(zombie, 15); // its commit of 0..9 waits at the WAL; 10..14 are staged meanwhile
    const fresh = new FakeConsumer(source);
    const owner = await opened(new MemoryStorage({ store }), fresh, 'owner');
    await fresh.step(owner, 25); // the new owner commits 0..9 and 10..19
    await owner.settle();
    gated.release();
    await zombie.settle(); // its append is refused: it adopts the owner's entry
    expect(zombie.writer(tp)?.committedOffset).toBe(20n);
    await stale.step(zombie, 5); // and seeks there at its next put, dropping the rest of it
    expect(stale.positions.get(tp)).toBe(20n);
    // Both of its batches were aborted: what is staged is the owner's open batch, from 20.
    expect((await gated.listStaged('')).map((u) => u.key)).toEqual([expect.stringContaining('+0000000020.')]);
    let going = true;
    while (going) {
      const z = await stale.step(zombie, 7);
      await zombie.settle();
      const o = await fresh.step(owner, 6);
      await owner.settle();
      going = z || o;
    }
    const reader = new MemoryStorage({ store });
    const batches = await committedBatches(reader, tp);
    expect(batches.at(-1)?.nextOffset).toBe(40n);
    for (const [i, b] of batches.entries()) if (i > 0) expect(b.fromOffset).toBe(batches[i - 1]?.nextOffset);
    expect(audit((await readOutput(reader)).counts, all)).toEqual({ duplicates: [], missing: [], unexpected: [] });
  });
});
