import type { SinkRecord, Storage } from '@sinkkit/core';
import { topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { committedBatches, Wal } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../../src/index.js';
import { FakeConsumer, sourceOf } from '../support/harness.js';
import { expectedHeaders, jsonLines, keyedRecords, manualClock, objects, tempStorage } from './support.js';

const props = {
  'format.class': 'json',
  'flush.size': '10',
  'store.kafka.keys': 'true',
  'store.kafka.headers': 'true',
  'keys.format.class': 'json',
  'headers.format.class': 'json',
};
const tp = topicPartition('orders', 0);
const input = keyedRecords('orders', 0, 47);

/**
 * `storage` whose `n`-th WAL write (a create-only put under `_sinkkit/wal/`) kills the process:
 * before the write, or after it with the answer lost. Everything else goes to the real store.
 */
function killingWalWrite(storage: Storage, n: number, after: boolean): Storage {
  let walWrites = 0;
  return new Proxy(storage, {
    get(target, name) {
      const member = Reflect.get(target, name, target);
      if (name !== 'putIfAbsent') return typeof member === 'function' ? member.bind(target) : member;
      return async (key: string, body: Uint8Array) => {
        if (!key.startsWith('_sinkkit/wal/') || ++walWrites !== n) return target.putIfAbsent(key, body);
        if (after) await target.putIfAbsent(key, body);
        throw Object.assign(new Error('process killed'), { retriable: false });
      };
    },
  });
}

/** Runs a task over `storage` until it dies at a WAL write; returns the consumer (its committed offsets). */
async function runUntilKilled(storage: Storage): Promise<FakeConsumer> {
  const consumer = new FakeConsumer(sourceOf(input));
  const task = new StorageSinkTask({ storage, clock: manualClock(), writerId: 'first' });
  await task.start(props);
  task.initialize(consumer.context);
  await task.open(consumer.partitions());
  consumer.applySeeks();
  await expect(
    (async () => {
      while (await consumer.step(task, 4)) await consumer.commit(task);
    })(),
  ).rejects.toThrow(/killed/);
  return consumer;
}

/** Each value file with both companions, record for record; returns the ids of every value record. */
function checkGroups(files: ReadonlyMap<string, Uint8Array>): string[] {
  const records = new Map(input.map((r) => [(r.value as { id: string }).id, r]));
  const ids: string[] = [];
  const values = [...files.keys()].filter((k) => !/\.(keys|headers)\.json$/.test(k));
  expect(files.size).toBe(values.length * 3);
  for (const key of values) {
    const lines = jsonLines(files.get(key) as Uint8Array) as { id: string }[];
    const keys = jsonLines(files.get(key.replace(/\.json$/, '.keys.json')) as Uint8Array);
    const headers = jsonLines(files.get(key.replace(/\.json$/, '.headers.json')) as Uint8Array);
    expect([keys.length, headers.length]).toEqual([lines.length, lines.length]);
    lines.forEach(({ id }, i) => {
      const record = records.get(id) as SinkRecord;
      expect(keys[i]).toEqual(record.key);
      expect(headers[i]).toEqual({ headers: expectedHeaders(record) });
      ids.push(id);
    });
  }
  return ids;
}

async function restartAndFinish(storage: Storage, consumer: FakeConsumer): Promise<string[]> {
  const task = new StorageSinkTask({ storage, clock: manualClock(), writerId: 'second' });
  await task.start(props);
  await new FakeConsumer(sourceOf(input), consumer.committed).runAll(task, { batch: 4 });
  await task.stop();
  return checkGroups(await objects(storage));
}

const expectedIds = (upTo: bigint) =>
  input.filter((r) => r.kafkaOffset < upTo).map((r) => (r.value as { id: string }).id);

describe('keys and headers files under crashes and fencing (FsStorage)', () => {
  it('killed between staging and the WAL write: neither the value file nor its companions appear; the restart writes them once', async () => {
    const { storage } = await tempStorage();
    const consumer = await runUntilKilled(killingWalWrite(storage, 4, false));

    // Two batches committed (their 6 files visible), the third staged and never logged: invisible.
    const visible = await objects(storage);
    expect(checkGroups(visible)).toEqual(expectedIds(20n));
    const logged = (await committedBatches(storage, tp)).flatMap((b) => b.files.map((f) => f.key));
    expect([...visible.keys()].sort()).toEqual([...logged].sort());
    expect((await storage.listStaged('topics/')).length).toBeGreaterThanOrEqual(3);

    const ids = await restartAndFinish(storage, consumer);
    expect(ids.sort()).toEqual(expectedIds(40n).sort());
    // The orphaned staged value file and companions were aborted by the restart's recovery.
    expect(await storage.listStaged('topics/')).toEqual([]);
  });

  it('killed after the WAL write (answer lost): recovery rolls the value file and both companions forward', async () => {
    const { storage } = await tempStorage();
    const consumer = await runUntilKilled(killingWalWrite(storage, 4, true));

    const entry = await new Wal(storage).latest(tp);
    expect(entry?.seq).toBe(4); // seq 1 is the first owner's claim
    const keys = entry?.files.map((f) => f.key) ?? [];
    expect(keys).toEqual([
      'topics/orders/partition=0/orders+0+0000000020.json',
      'topics/orders/partition=0/orders+0+0000000020.keys.json',
      'topics/orders/partition=0/orders+0+0000000020.headers.json',
    ]);
    for (const key of keys) expect(await storage.head(key)).toBeUndefined();

    // Recovery alone (open) finalizes all three, at the sizes the entry committed.
    const task = new StorageSinkTask({ storage, clock: manualClock(), writerId: 'second' });
    await task.start(props);
    task.initialize(new FakeConsumer(sourceOf(input), consumer.committed).context);
    await task.open([tp]);
    for (const file of entry?.files ?? []) expect((await storage.head(file.key))?.size).toBe(file.size);
    await task.stop();

    const ids = await restartAndFinish(storage, consumer);
    expect(ids.sort()).toEqual(expectedIds(40n).sort());
  });

  it('a stale owner keeps writing after a new owner took over: its companions are fenced with its value files', async () => {
    const { root } = await tempStorage();
    const source = sourceOf(input);
    const start = async (consumer: FakeConsumer, writerId: string) => {
      const task = new StorageSinkTask({ storage: new FsStorage({ root }), clock: manualClock(), writerId });
      await task.start(props);
      task.initialize(consumer.context);
      await task.open([tp]);
      consumer.applySeeks();
      return task;
    };
    const stale = new FakeConsumer(source);
    const zombie = await start(stale, 'zombie');
    for (let i = 0; i < 3; i++) await stale.step(zombie, 5); // 15 records: one file committed, 5 staged
    await zombie.settle(); // the commit runs in the background: it lands before the takeover
    const fresh = new FakeConsumer(source, stale.committed);
    const owner = await start(fresh, 'owner');
    let going = true;
    while (going) {
      const z = await stale.step(zombie, 3);
      const o = await fresh.step(owner, 4);
      going = z || o;
    }
    await fresh.commit(owner);
    await stale.commit(zombie);

    const storage = new FsStorage({ root });
    const files = await objects(storage);
    const ids = checkGroups(files);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expectedIds(40n).sort());
    const batches = await committedBatches(storage, tp);
    const logged = batches.flatMap((b) => b.files.map((f) => f.key));
    expect([...files.keys()].sort()).toEqual([...logged].sort());
    expect(new Set(batches.filter((b) => b.files.length > 0).map((b) => b.writerId))).toEqual(
      new Set(['zombie', 'owner']),
    );
  });
});
