import { type StagedUpload, topicPartition } from '@sinkkit/core';
import { MemoryStorage, MemoryStore } from '@sinkkit/testkit';
import { describe, expect, it, vi } from 'vitest';
import { FencedError, NO_ENTRY_SEQ, ownedByDefaultNaming, rollForward, Wal, type WalFile } from '../src/index.js';
import { noSleep, stage, text, walFile } from './support/fixtures.js';

const tp = topicPartition('orders', 3);
const PREFIXES = ['topics/orders/'];
const fileKey = (region: string, start: bigint, partition = 3) =>
  `topics/orders/region=${region}/orders+${partition}+${String(start).padStart(10, '0')}.json`;

/** One process (task instance) working on the shared store. */
function processOn(store: MemoryStore, writerId: string) {
  const storage = new MemoryStorage({ store });
  return { storage, wal: new Wal(storage, { writerId, retry: noSleep }) };
}

/** Stages a batch of offsets `start..start+9` spread over two regions, as a TopicPartitionWriter would. */
async function stageBatch(storage: MemoryStorage, start: bigint, tag: string): Promise<WalFile[]> {
  return [
    walFile(await stage(storage, fileKey('eu', start), `${tag} eu`), start, start + 4n),
    walFile(await stage(storage, fileKey('us', start + 5n), `${tag} us`), start + 5n, start + 9n),
  ];
}

describe('Wal.recover', () => {
  it('claims an empty log and leaves the start to the Kafka committed offset', async () => {
    const { wal } = processOn(new MemoryStore(), 'B');
    const recovery = await wal.recover(tp, { stagedPrefixes: PREFIXES });
    expect(recovery).toMatchObject({ recovered: undefined, nextOffset: undefined, aborted: [] });
    expect(recovery.entry).toMatchObject({ seq: 1, writerId: 'B', files: [], nextOffset: undefined });
  });

  it('lists the log twice, to find the newest entry and after its claim: the trim that ends it reuses the second', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    for (let seq = 1; seq <= 5; seq++) await a.wal.append(tp, { files: [], nextOffset: BigInt(seq) }, seq - 1);
    const b = processOn(store, 'B');
    const list = vi.spyOn(b.storage, 'list');
    const recovery = await b.wal.recover(tp, { keep: 2 });
    expect(recovery.entry).toMatchObject({ seq: 6, nextOffset: 5n });
    expect(list.mock.calls.filter(([prefix]) => prefix.startsWith('_sinkkit/wal/'))).toHaveLength(2);
    expect(await b.wal.seqs(tp)).toEqual([5, 6]);
  });

  it('rolls forward an entry committed just before a crash (after append, before finalize)', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    const committed = await a.wal.append(tp, { files: await stageBatch(a.storage, 100n, 'A'), nextOffset: 110n }, 0);
    // A dies here: nothing is visible yet.
    expect(await a.storage.head(fileKey('eu', 100n))).toBeUndefined();

    const b = processOn(store, 'B');
    const recovery = await b.wal.recover(tp, { stagedPrefixes: PREFIXES });
    expect(recovery.recovered).toEqual(committed);
    expect(recovery.nextOffset).toBe(110n);
    expect(recovery.entry).toMatchObject({ seq: 2, writerId: 'B', files: [], nextOffset: 110n });
    expect(text(await b.storage.get(fileKey('eu', 100n)))).toBe('A eu');
    expect(text(await b.storage.get(fileKey('us', 105n)))).toBe('A us');
    expect(recovery.aborted).toEqual([]);
  });

  it('is idempotent: recovering again finds the same files and offset, and nothing to abort', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    await a.wal.append(tp, { files: await stageBatch(a.storage, 100n, 'A'), nextOffset: 110n }, 0);
    await stage(a.storage, fileKey('eu', 110n), 'A orphan');
    const b = processOn(store, 'B');
    const first = await b.wal.recover(tp, { stagedPrefixes: PREFIXES });
    const objects = new Map(store.objects);
    const second = await b.wal.recover(tp, { stagedPrefixes: PREFIXES });
    expect(first.aborted.map((u) => u.key)).toEqual([fileKey('eu', 110n)]);
    expect(second).toMatchObject({ nextOffset: 110n, aborted: [] });
    expect(second.entry.seq).toBe(first.entry.seq + 1);
    for (const key of [fileKey('eu', 100n), fileKey('us', 105n)]) {
      expect(store.objects.get(key)?.bytes).toEqual(objects.get(key)?.bytes);
    }
  });

  it('aborts the orphans of a crash before append; Kafka re-delivers from the previous nextOffset', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    const first = await a.wal.append(tp, { files: await stageBatch(a.storage, 100n, 'A'), nextOffset: 110n }, 0);
    await rollForward(first, a.storage);
    const orphans = await stageBatch(a.storage, 110n, 'A2'); // staged, never logged: A dies
    const otherPartition = await stage(a.storage, fileKey('eu', 110n, 30), 'partition 30, another owner');
    const otherTopic = await stage(a.storage, 'topics/payments/payments+3+0000000110.json', 'payments');

    const b = processOn(store, 'B');
    const recovery = await b.wal.recover(tp, { stagedPrefixes: [...PREFIXES, 'topics/payments/'] });
    expect(recovery.nextOffset).toBe(110n);
    expect(recovery.aborted.map((u) => u.key).sort()).toEqual(orphans.map((f) => f.key).sort());
    const stagedLeft = [...store.staged.keys()].sort();
    expect(stagedLeft).toEqual([otherPartition.handle, otherTopic.handle].sort());
    // Nothing of the orphaned batch ever became visible.
    expect(await b.storage.head(fileKey('eu', 110n))).toBeUndefined();
  });

  it('fences the crashed owner if it was only paused: its late commit of aborted data fails', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    const files = await stageBatch(a.storage, 0n, 'A');
    const b = processOn(store, 'B');
    const recovery = await b.wal.recover(tp, { stagedPrefixes: PREFIXES });
    expect(recovery.aborted).toHaveLength(2);
    // A wakes up and commits the batch it staged; B's claim took seq 1.
    await expect(a.wal.append(tp, { files, nextOffset: 10n }, NO_ENTRY_SEQ)).rejects.toThrow(FencedError);
    expect(await b.wal.latest(tp)).toMatchObject({ writerId: 'B', nextOffset: undefined });
  });

  it('rolls forward a zombie commit that lands between reading the log and claiming, then claims after it', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    await a.wal.append(tp, { files: [], nextOffset: 100n }, 0);
    const zombieFiles = await stageBatch(a.storage, 100n, 'Z');
    const b = processOn(store, 'B');
    const put = b.storage.putIfAbsent.bind(b.storage);
    vi.spyOn(b.storage, 'putIfAbsent').mockImplementationOnce(async (key, body) => {
      await a.wal.append(tp, { files: zombieFiles, nextOffset: 110n }, 1); // A commits seq 2 first
      return put(key, body);
    });
    const recovery = await b.wal.recover(tp, { stagedPrefixes: PREFIXES });
    expect(recovery.recovered).toMatchObject({ seq: 2, writerId: 'A' });
    expect(recovery).toMatchObject({ nextOffset: 110n, aborted: [], entry: { seq: 3, writerId: 'B' } });
    expect(text(await b.storage.get(fileKey('us', 105n)))).toBe('Z us');
  });

  it('gives up with FencedError when other writers win every claim', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    const b = processOn(store, 'B');
    let seq = 0;
    const put = b.storage.putIfAbsent.bind(b.storage);
    vi.spyOn(b.storage, 'putIfAbsent').mockImplementation(async (key, body) => {
      await a.wal.append(tp, { files: [], nextOffset: 1n }, seq++);
      return put(key, body);
    });
    await expect(b.wal.recover(tp, { claimAttempts: 3 })).rejects.toThrow(FencedError);
    expect(await b.wal.seqs(tp)).toEqual([1, 2, 3]);
  });

  it('trims the log to `keep` entries', async () => {
    const { wal } = processOn(new MemoryStore(), 'B');
    for (let i = 0; i < 5; i++) await wal.recover(tp, { keep: 2 });
    expect(await wal.seqs(tp)).toEqual([4, 5]);
  });

  it('scans nothing where the store cannot list staged uploads', async () => {
    const storage = new MemoryStorage();
    Object.defineProperty(storage, 'capabilities', { value: { conditionalCreate: true, listStaged: false } });
    await stage(storage, fileKey('eu', 0n));
    const listStaged = vi.spyOn(storage, 'listStaged');
    const recovery = await new Wal(storage, { retry: noSleep }).recover(tp, { stagedPrefixes: PREFIXES });
    expect(recovery.aborted).toEqual([]);
    expect(listStaged).not.toHaveBeenCalled();
    expect(storage.store.staged.size).toBe(1);
  });

  it('uses the caller’s ownsUpload for layouts with other delimiters', async () => {
    const store = new MemoryStore();
    const a = processOn(store, 'A');
    await stage(a.storage, 'data/orders/orders-3-0000000000.json');
    await stage(a.storage, 'data/orders/orders-4-0000000000.json');
    const ownsUpload = (u: StagedUpload) => u.key.includes(`/${tp.topic}-${tp.partition}-`);
    const recovery = await a.wal.recover(tp, { stagedPrefixes: ['data/'], ownsUpload });
    expect(recovery.aborted.map((u) => u.key)).toEqual(['data/orders/orders-3-0000000000.json']);
  });
});

describe('ownedByDefaultNaming', () => {
  const upload = (key: string) => ({ key, handle: 'h', size: -1 });
  it('matches <topic>+<partition>+ in the file name only, and partition 3 is not partition 30', () => {
    expect(ownedByDefaultNaming(upload('topics/orders/x=1/orders+3+0000000000.json'), tp)).toBe(true);
    expect(ownedByDefaultNaming(upload('topics/orders/x=1/orders+30+0000000000.json'), tp)).toBe(false);
    expect(ownedByDefaultNaming(upload('topics/orders+3+/x/other+3+0.json'), tp)).toBe(false);
    expect(ownedByDefaultNaming(upload('topics/orders/x/my-orders+3+0.json'), tp)).toBe(false);
  });
});
