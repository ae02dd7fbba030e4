import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptEntryError, FencedError, NO_ENTRY_SEQ, Wal } from '../src/index.js';
import { noSleep, stage, text, walFile } from './support/fixtures.js';

// The same protocol on a real filesystem: two FsStorage instances on one folder play two
// processes, create-only writes are hard links, staged uploads are temp files.
const tp = topicPartition('orders', 3);
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sinkkit-wal-fs-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

function processOn(writerId: string, pageSize?: number) {
  const storage = new FsStorage({ root });
  return { storage, wal: new Wal(storage, { writerId, retry: noSleep, pageSize }) };
}

describe('Wal on FsStorage', () => {
  it('lets exactly one of two processes create each seq, round after round', async () => {
    const a = processOn('A');
    const b = processOn('B');
    for (let previous = 0; previous < 20; previous++) {
      const results = await Promise.allSettled([
        a.wal.append(tp, { files: [], nextOffset: BigInt(previous + 1) }, previous),
        b.wal.append(tp, { files: [], nextOffset: BigInt(previous + 1) }, previous),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(FencedError);
    }
    expect(await a.wal.seqs(tp)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('recovers a crash after append: the next process finalizes the files, twice over harmlessly', async () => {
    const a = processOn('A');
    const files = [
      walFile(await stage(a.storage, 'topics/orders/eu/orders+3+0000000000.json', 'eu'), 0n, 4n),
      walFile(await stage(a.storage, 'topics/orders/us/orders+3+0000000005.json', 'us'), 5n, 9n),
    ];
    await a.wal.append(tp, { files, nextOffset: 10n }, NO_ENTRY_SEQ); // then A dies
    const b = processOn('B');
    const first = await b.wal.recover(tp, { stagedPrefixes: ['topics/orders/'] });
    const second = await processOn('C').wal.recover(tp, { stagedPrefixes: ['topics/orders/'] });
    expect([first.nextOffset, second.nextOffset]).toEqual([10n, 10n]);
    expect(text(await b.storage.get('topics/orders/eu/orders+3+0000000000.json'))).toBe('eu');
    expect(text(await b.storage.get('topics/orders/us/orders+3+0000000005.json'))).toBe('us');
    expect(await b.storage.listStaged('topics/')).toEqual([]);
  });

  it('aborts the staged files of a crash before append, and only this partition’s', async () => {
    const a = processOn('A');
    await stage(a.storage, 'topics/orders/eu/orders+3+0000000000.json');
    const other = await stage(a.storage, 'topics/orders/eu/orders+4+0000000000.json');
    const recovery = await processOn('B').wal.recover(tp, { stagedPrefixes: ['topics/orders/'] });
    expect(recovery.aborted.map((u) => u.key)).toEqual(['topics/orders/eu/orders+3+0000000000.json']);
    expect((await a.storage.listStaged('topics/')).map((u) => u.key)).toEqual([other.key]);
    expect(recovery.nextOffset).toBeUndefined();
  });

  it('pages through the folder and trims it', async () => {
    const { wal } = processOn('A', 7);
    for (let seq = 1; seq <= 30; seq++) await wal.append(tp, { files: [], nextOffset: BigInt(seq) }, seq - 1);
    expect(await wal.seqs(tp)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await wal.trim(tp)).toBe(27);
    expect(await wal.latest(tp)).toMatchObject({ seq: 30, nextOffset: 30n });
  });

  it('names the file of a corrupt entry', async () => {
    const { wal } = processOn('A');
    await wal.append(tp, { files: [], nextOffset: 1n }, NO_ENTRY_SEQ);
    await writeFile(join(root, '_sinkkit/wal/orders/3/00000000000000000002.json'), 'garbage');
    await expect(wal.latest(tp)).rejects.toThrow(CorruptEntryError);
    await expect(wal.latest(tp)).rejects.toThrow('_sinkkit/wal/orders/3/00000000000000000002.json');
  });
});
