import { topicPartition } from '@sinkkit/core';
import { MemoryStorage, MemoryStore } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { committedBatches, loggedTopicPartitions, NO_ENTRY_SEQ, readLedger, Wal } from '../src/index.js';
import { noSleep, paperFile, text } from './support/fixtures.js';

const tp = topicPartition('orders', 3);

/** Appends `count` batches of 10 offsets each, one file per batch, batch i skipping i records. */
async function fill(wal: Wal, count: number) {
  for (let seq = 1; seq <= count; seq++) {
    const start = BigInt((seq - 1) * 10);
    const file = paperFile(`topics/orders/partition=3/orders+3+${seq}.json`, start, start + 9n - BigInt(seq % 3));
    await wal.append(tp, { files: [file], nextOffset: start + 10n, skipped: seq % 3 }, seq - 1);
  }
}

describe('the ledger', () => {
  it('archives what trim deletes into one create-only object per run, then deletes', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 7);
    expect(await wal.trim(tp, 2)).toBe(5);
    const key = '_sinkkit/ledger/orders/3/00000000000000000001-00000000000000000005.json';
    expect(text(await storage.get(key))).toContain('"format":"sinkkit-ledger"');
    const archived = await readLedger(storage, tp);
    expect(archived.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(archived[1]).toMatchObject({ nextOffset: 20n, skipped: 2, files: [{ startOffset: 10n, endOffset: 17n }] });
    expect(await wal.seqs(tp)).toEqual([6, 7]);
  });

  it('yields every committed batch from ledger and log, with contiguous ranges', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 4);
    await wal.trim(tp, 1);
    await wal.append(tp, { files: [], nextOffset: 40n }, 4); // a claim
    await wal.trim(tp, 1); // a second run: 4-4
    const batches = await committedBatches(storage, tp);
    expect(batches.map((b) => [b.seq, b.fromOffset, b.nextOffset, b.source])).toEqual([
      [1, undefined, 10n, 'ledger'],
      [2, 10n, 20n, 'ledger'],
      [3, 20n, 30n, 'ledger'],
      [4, 30n, 40n, 'ledger'],
      [5, 40n, 40n, 'log'],
    ]);
    expect(batches.reduce((n, b) => n + b.skipped, 0)).toBe(1 + 2 + 0 + 1);
    expect(await loggedTopicPartitions(storage)).toEqual([tp]);
  });

  it('is idempotent when a trim crashed after archiving and before deleting (overlapping runs)', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 5);
    storage.failNext('delete', { error: new Error('crash') });
    await expect(wal.trim(tp, 2)).rejects.toThrow('crash');
    await wal.append(tp, { files: [], nextOffset: 50n }, 5);
    await wal.trim(tp, 1); // archives 1..5 again (overlapping the first run), then deletes
    expect((await storage.list('_sinkkit/ledger/')).objects.length).toBe(2);
    expect((await committedBatches(storage, tp)).map((b) => b.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports history lost outside the ledger by the seqs missing', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await fill(wal, 3);
    await storage.delete(wal.keys.entry(tp, 1));
    await expect(committedBatches(storage, tp, { attempts: 1 })).rejects.toMatchObject({ code: 'WAL_HISTORY_GAP' });
  });

  it('keeps the genuine entry when a zombie refilled a trimmed slot and crashed before removing it', async () => {
    const store = new MemoryStore();
    const a = new Wal(new MemoryStorage({ store }), { writerId: 'A', retry: noSleep });
    const zombieStorage = new MemoryStorage({ store });
    const zombie = new Wal(zombieStorage, { writerId: 'Z', retry: noSleep });
    await fill(a, 6);
    await a.trim(tp, 2);
    zombieStorage.failNext('delete', { error: new Error('crash') }); // its clean-up never happens
    await expect(zombie.append(tp, { files: [], nextOffset: 999n }, 2)).rejects.toThrow(/stale/);
    await a.append(tp, { files: [], nextOffset: 60n }, 6);
    await a.trim(tp, 1);
    const batches = await committedBatches(new MemoryStorage({ store }), tp);
    expect(batches.find((b) => b.seq === 3)).toMatchObject({ writerId: 'A', nextOffset: 30n });
  });

  it('stores skipped only when non-zero, so older entries keep their checksum', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { retry: noSleep });
    await wal.append(tp, { files: [], nextOffset: 5n }, NO_ENTRY_SEQ);
    expect(text(await storage.get(wal.keys.entry(tp, 1)))).not.toContain('skipped');
    await wal.append(tp, { files: [], nextOffset: 9n, skipped: 4 }, 1);
    expect(await wal.latest(tp)).toMatchObject({ skipped: 4 });
    await expect(wal.append(tp, { files: [], nextOffset: 9n, skipped: -1 }, 2)).rejects.toThrow(/skipped/);
  });
});
