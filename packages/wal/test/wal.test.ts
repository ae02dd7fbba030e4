import { SinkkitError, StorageError, StorageErrorCode, topicPartition } from '@sinkkit/core';
import { MemoryStorage, MemoryStore } from '@sinkkit/testkit';
import { describe, expect, it, vi } from 'vitest';
import {
  CorruptEntryError,
  FencedError,
  InvalidEntryError,
  NO_ENTRY_SEQ,
  readLedger,
  Wal,
  WalErrorCode,
} from '../src/index.js';
import { noSleep, paperFile, text } from './support/fixtures.js';

const tp = topicPartition('orders', 3);

/** Two processes over one object store. */
function twoWriters() {
  const store = new MemoryStore();
  const a = new MemoryStorage({ store });
  const b = new MemoryStorage({ store });
  return {
    store,
    a: { storage: a, wal: new Wal(a, { writerId: 'A', retry: noSleep }) },
    b: { storage: b, wal: new Wal(b, { writerId: 'B', retry: noSleep }) },
  };
}

/** Appends offset-only entries so the log reaches `count`, each moving the offset by 10. */
async function fill(wal: Wal, count: number, from = 0) {
  for (let seq = from + 1; seq <= from + count; seq++) {
    await wal.append(tp, { files: [], nextOffset: BigInt(seq * 10) }, seq - 1);
  }
}

describe('Wal.append and latest', () => {
  it('writes the first entry at seq 1 under the documented key, and the next at seq 2', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { writerId: 'task-0', retry: noSleep });
    expect(await wal.latest(tp)).toBeUndefined();
    const first = await wal.append(tp, { files: [paperFile('f1', 0n, 9n)], nextOffset: 10n }, NO_ENTRY_SEQ);
    expect(first).toMatchObject({ seq: 1, topic: 'orders', partition: 3, writerId: 'task-0', nextOffset: 10n });
    expect(text(await storage.get('_sinkkit/wal/orders/3/00000000000000000001.json'))).toContain('"writerId":"task-0"');
    const second = await wal.append(tp, { files: [], nextOffset: 10n }, first.seq);
    expect(second.seq).toBe(2);
    expect(await wal.latest(tp)).toEqual(second);
  });

  it('keeps offsets above 2^53 exact through the storage', async () => {
    const wal = new Wal(new MemoryStorage(), { retry: noSleep });
    const start = 2n ** 53n + 1n;
    await wal.append(tp, { files: [paperFile('f', start, start + 2n)], nextOffset: start + 3n }, NO_ENTRY_SEQ);
    const latest = await wal.latest(tp);
    expect(latest?.files[0]).toMatchObject({ startOffset: 9_007_199_254_740_993n, endOffset: 9_007_199_254_740_995n });
    expect(latest?.nextOffset).toBe(9_007_199_254_740_996n);
  });

  it('orders more than 1000 entries by seq, listing page by page', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep, pageSize: 250 });
    await fill(wal, 1205);
    const list = vi.spyOn(storage, 'list');
    const latest = await wal.latest(tp);
    expect(latest).toMatchObject({ seq: 1205, nextOffset: 12_050n });
    expect(list).toHaveBeenCalledTimes(5); // 1205 entries in pages of 250
    expect(await wal.seqs(tp)).toEqual(Array.from({ length: 1205 }, (_, i) => i + 1));
  });

  it('tolerates gaps and ignores objects in the folder that are not entries', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 8);
    for (const seq of [1, 2, 5, 6]) await storage.delete(wal.keys.entry(tp, seq));
    await storage.putIfAbsent(`${wal.keys.folder(tp)}README.txt`, new Uint8Array([1]));
    await storage.putIfAbsent(`${wal.keys.folder(tp)}99999999999999999999.json.tmp`, new Uint8Array([1]));
    expect(await wal.seqs(tp)).toEqual([3, 4, 7, 8]);
    expect((await wal.latest(tp))?.seq).toBe(8);
  });

  it('keeps topic-partitions apart, partition 3 from partition 30', async () => {
    const wal = new Wal(new MemoryStorage(), { retry: noSleep });
    await fill(wal, 2);
    await wal.append(topicPartition('orders', 30), { files: [], nextOffset: 5n }, NO_ENTRY_SEQ);
    expect(await wal.seqs(tp)).toEqual([1, 2]);
    expect((await wal.latest(topicPartition('orders', 30)))?.nextOffset).toBe(5n);
  });

  it('refuses an invalid entry before writing anything', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage);
    const bad = wal.append(tp, { files: [paperFile('f', 5n, 9n)], nextOffset: 9n }, NO_ENTRY_SEQ);
    await expect(bad).rejects.toThrow(InvalidEntryError);
    await expect(bad).rejects.toMatchObject({ code: WalErrorCode.INVALID_ENTRY, retriable: false });
    expect(storage.store.objects.size).toBe(0);
    await expect(wal.append(tp, { files: [], nextOffset: 1n }, -1)).rejects.toThrow(RangeError);
  });

  it('reads the newest entry again when it vanishes between listing and reading (trimmed by a newer owner)', async () => {
    const { a, b } = twoWriters();
    await fill(a.wal, 3);
    const get = a.storage.get.bind(a.storage);
    let raced = false;
    vi.spyOn(a.storage, 'get').mockImplementation(async (key) => {
      if (!raced) {
        raced = true; // B appends seq 4 and trims to 1 entry between A's list and A's get
        await b.wal.append(tp, { files: [], nextOffset: 40n }, 3);
        await b.wal.trim(tp, 1);
      }
      return get(key);
    });
    expect(await a.wal.latest(tp)).toMatchObject({ seq: 4, writerId: 'B' });
  });

  it('fails with a clear, non-retriable error naming the key when the newest entry is corrupt', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 2);
    const key = wal.keys.entry(tp, 3);
    await storage.putIfAbsent(key, new TextEncoder().encode('{"format":"sinkkit-wal","version":1,"seq":3'));
    const read = wal.latest(tp);
    await expect(read).rejects.toThrow(CorruptEntryError);
    await expect(read).rejects.toMatchObject({ code: 'WAL_CORRUPT_ENTRY', retriable: false, key });
    await expect(read).rejects.toThrow(`WAL entry ${key} is unreadable: not UTF-8 JSON`);
  });

  it('retries retriable storage failures of reads', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 2);
    storage.failNext('list', { times: 2 }).failNext('get');
    expect((await wal.latest(tp))?.seq).toBe(2);
  });
});

describe('Wal.append fencing', () => {
  it('lets exactly one of two writers racing for seq n win; the other is fenced', async () => {
    const { a, b, store } = twoWriters();
    await fill(a.wal, 4);
    const [ra, rb] = await Promise.allSettled([
      a.wal.append(tp, { files: [paperFile('fa', 40n, 49n)], nextOffset: 50n }, 4),
      b.wal.append(tp, { files: [paperFile('fb', 40n, 44n)], nextOffset: 45n }, 4),
    ]);
    const outcomes = [ra.status, rb.status].sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const loser = (ra.status === 'rejected' ? ra : rb) as PromiseRejectedResult;
    const winner = ra.status === 'fulfilled' ? 'A' : 'B';
    expect(loser.reason).toBeInstanceOf(FencedError);
    expect(loser.reason).toMatchObject({
      code: 'WAL_FENCED',
      retriable: false,
      seq: 5,
      key: '_sinkkit/wal/orders/3/00000000000000000005.json',
    });
    expect(store.objects.size).toBe(5);
    expect((await b.wal.latest(tp))?.writerId).toBe(winner);
  });

  it('lets the loser continue at n+1 only after re-reading, and fences the old owner then', async () => {
    const { a, b } = twoWriters();
    await fill(a.wal, 4);
    await a.wal.append(tp, { files: [], nextOffset: 50n }, 4); // A wins seq 5
    await expect(b.wal.append(tp, { files: [], nextOffset: 45n }, 4)).rejects.toThrow(FencedError);
    // Retrying with the same stale expectation cannot succeed either.
    await expect(b.wal.append(tp, { files: [], nextOffset: 45n }, 4)).rejects.toThrow(/fenced/);
    // B becomes the owner (a rebalance): it re-reads, resumes from A's nextOffset and appends after it.
    const seen = await b.wal.latest(tp);
    expect(seen).toMatchObject({ seq: 5, writerId: 'A', nextOffset: 50n });
    await b.wal.append(tp, { files: [], nextOffset: 60n }, seen?.seq ?? 0);
    // A is now a zombie: its next commit, built on seq 5, is fenced.
    await expect(a.wal.append(tp, { files: [], nextOffset: 60n }, 5)).rejects.toMatchObject({ seq: 6 });
    expect(await a.wal.latest(tp)).toMatchObject({ seq: 6, writerId: 'B' });
  });

  it('fences a zombie that refills a slot trimming emptied, and its entry never becomes the newest', async () => {
    const { a, b } = twoWriters();
    await fill(a.wal, 6);
    await a.wal.trim(tp, 2); // seqs 5 and 6 remain; 3 is free again
    const stale = b.wal.append(tp, { files: [paperFile('zombie', 20n, 29n)], nextOffset: 30n }, 2);
    await expect(stale).rejects.toThrow(FencedError);
    await expect(stale).rejects.toThrow(/the log is already at seq 6; this write is stale/);
    expect(await a.wal.latest(tp)).toMatchObject({ seq: 6, writerId: 'A' });
    // The stale entry is below the newest, so the next trim removes it.
    await a.wal.trim(tp, 2);
    expect(await a.wal.seqs(tp)).toEqual([5, 6]);
  });

  it('counts an append whose answer was lost and whose retry found its own entry as committed', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    storage.failNext('putIfAbsent', { after: true }); // written, then the connection drops
    const entry = await wal.append(tp, { files: [], nextOffset: 7n }, NO_ENTRY_SEQ);
    expect(entry.seq).toBe(1);
    expect(await wal.latest(tp)).toEqual(entry);
  });

  it('reports an unknown outcome as the storage error, never as fenced', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    const denied = new StorageError(StorageErrorCode.ACCESS_DENIED, 'no', { operation: 'putIfAbsent' });
    storage.failNext('putIfAbsent', { error: denied, after: true });
    await expect(wal.append(tp, { files: [], nextOffset: 7n }, NO_ENTRY_SEQ)).rejects.toBe(denied);
  });
});

describe('Wal without conditional create', () => {
  it('warns once that zombies are not fenced, and shows why: both racers "win"', async () => {
    const store = new MemoryStore();
    const warnings: string[] = [];
    const onWarning = (m: string) => warnings.push(m);
    const a = new Wal(new MemoryStorage({ store, conditionalCreate: false }), { writerId: 'A', onWarning });
    const b = new Wal(new MemoryStorage({ store, conditionalCreate: false }), { writerId: 'B', onWarning });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/cannot fence a zombie task/);
    expect([a.fencing, b.fencing]).toEqual([false, false]);
    await a.append(tp, { files: [], nextOffset: 1n }, NO_ENTRY_SEQ);
    await b.append(tp, { files: [], nextOffset: 2n }, NO_ENTRY_SEQ); // overwrote A's commit
    expect(await a.latest(tp)).toMatchObject({ writerId: 'B', nextOffset: 2n });
  });

  it('does not warn where the store fences', () => {
    const onWarning = vi.fn();
    expect(new Wal(new MemoryStorage(), { onWarning }).fencing).toBe(true);
    expect(onWarning).not.toHaveBeenCalled();
  });
});

describe('Wal.trim', () => {
  it('keeps the newest N entries, and is idempotent', async () => {
    const wal = new Wal(new MemoryStorage(), { retry: noSleep });
    await fill(wal, 10);
    expect(await wal.trim(tp)).toBe(7);
    expect(await wal.seqs(tp)).toEqual([8, 9, 10]);
    expect(await wal.trim(tp)).toBe(0);
    expect(await wal.trim(tp, 1)).toBe(2);
    expect(await wal.seqs(tp)).toEqual([10]);
    expect(await wal.trim(tp, 1)).toBe(0);
    expect((await wal.latest(tp))?.nextOffset).toBe(100n);
  });

  it('never deletes the newest entry it listed, even when another owner appends and trims meanwhile', async () => {
    const { a, b } = twoWriters();
    await fill(a.wal, 20);
    const del = a.storage.delete.bind(a.storage);
    let raced = false;
    vi.spyOn(a.storage, 'delete').mockImplementation(async (key) => {
      if (!raced) {
        raced = true; // after A listed 1..20, B appends 21 and trims concurrently
        await b.wal.append(tp, { files: [], nextOffset: 210n }, 20);
        await b.wal.trim(tp, 5);
      }
      return del(key);
    });
    expect(await a.wal.trim(tp, 1)).toBe(19);
    expect(await b.wal.seqs(tp)).toEqual([20, 21]);
    expect(await b.wal.latest(tp)).toMatchObject({ seq: 21, writerId: 'B' });
  });

  it('after its own appends, neither lists nor reads entries back: it writes the ledger and deletes', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 6);
    const list = vi.spyOn(storage, 'list');
    const get = vi.spyOn(storage, 'get');
    expect(await wal.trim(tp, 2)).toBe(4);
    expect([list.mock.calls.length, get.mock.calls.length]).toEqual([0, 0]);
    expect(await wal.seqs(tp)).toEqual([5, 6]);
    const archived = await readLedger(storage, tp);
    expect(archived.map((e) => [e.seq, e.nextOffset])).toEqual([
      [1, 10n],
      [2, 20n],
      [3, 30n],
      [4, 40n],
    ]);
    // The listing is reused once: a trim with no append since lists the log again.
    list.mockClear();
    expect(await wal.trim(tp, 1)).toBe(1);
    expect(list).toHaveBeenCalled();
  });

  it('reads back the entries another writer appended, and every entry where the store cannot fence', async () => {
    const { a, b } = twoWriters();
    await fill(a.wal, 3);
    await b.wal.append(tp, { files: [], nextOffset: 40n }, 3);
    const get = vi.spyOn(b.storage, 'get');
    expect(await b.wal.trim(tp, 1)).toBe(3);
    expect(get.mock.calls.map(([key]) => key).sort()).toEqual([1, 2, 3].map((seq) => b.wal.keys.entry(tp, seq)));
    expect((await readLedger(b.storage, tp)).map((e) => [e.seq, e.writerId])).toEqual([
      [1, 'A'],
      [2, 'A'],
      [3, 'A'],
    ]);

    const unfenced = new MemoryStorage({ conditionalCreate: false });
    const wal = new Wal(unfenced, { retry: noSleep, onWarning: () => {} });
    await fill(wal, 3);
    const reads = vi.spyOn(unfenced, 'get');
    expect(await wal.trim(tp, 1)).toBe(2);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('trimming from the listing of an earlier append never deletes the newest entry another writer made since', async () => {
    const { a, b } = twoWriters();
    await fill(a.wal, 10);
    const seen = await b.wal.latest(tp);
    await b.wal.append(tp, { files: [], nextOffset: 110n }, seen?.seq ?? 0);
    expect(await b.wal.trim(tp, 1)).toBe(10);
    // A still holds the listing its append of seq 10 took: 1..10.
    expect(await a.wal.trim(tp, 3)).toBe(7);
    expect(await b.wal.seqs(tp)).toEqual([11]);
    expect(await b.wal.latest(tp)).toMatchObject({ seq: 11, writerId: 'B' });
    expect((await readLedger(b.storage, tp)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses to keep fewer than one entry', async () => {
    await expect(new Wal(new MemoryStorage()).trim(tp, 0)).rejects.toThrow(/at least 1 entry/);
  });

  it('surfaces a failed delete after attempting the others', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 5);
    const denied = new SinkkitError('denied', { code: 'STORAGE_ACCESS_DENIED' });
    storage.failNext('delete', { key: wal.keys.entry(tp, 1), error: denied });
    await expect(wal.trim(tp, 2)).rejects.toBe(denied);
    expect(await wal.seqs(tp)).toEqual([1, 4, 5]);
  });
});
