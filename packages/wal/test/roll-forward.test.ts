import { StorageError, StorageErrorCode, topicPartition } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { NO_ENTRY_SEQ, rollForward, Wal, type WalEntry } from '../src/index.js';
import { noSleep, stage, text, walFile } from './support/fixtures.js';

const tp = topicPartition('orders', 3);
const KEYS = ['topics/orders/eu/orders+3+0000000000.json', 'topics/orders/us/orders+3+0000000005.json'];

async function committedBatch(storage: MemoryStorage): Promise<WalEntry> {
  const files = [
    walFile(await stage(storage, KEYS[0] as string, 'eu records'), 0n, 4n),
    walFile(await stage(storage, KEYS[1] as string, 'us records'), 5n, 9n),
  ];
  return new Wal(storage, { retry: noSleep }).append(tp, { files, nextOffset: 10n }, NO_ENTRY_SEQ);
}

describe('rollForward', () => {
  it('makes every file of the entry visible with its staged bytes', async () => {
    const storage = new MemoryStorage();
    const entry = await committedBatch(storage);
    expect(await storage.head(KEYS[0] as string)).toBeUndefined();
    await rollForward(entry, storage);
    expect(text(await storage.get(KEYS[0] as string))).toBe('eu records');
    expect(text(await storage.get(KEYS[1] as string))).toBe('us records');
    expect(storage.store.staged.size).toBe(0);
  });

  it('is idempotent: running it again, as a second process would, changes nothing', async () => {
    const storage = new MemoryStorage();
    const entry = await committedBatch(storage);
    await rollForward(entry, storage);
    await rollForward(entry, new MemoryStorage({ store: storage.store }));
    expect(text(await storage.get(KEYS[1] as string))).toBe('us records');
    expect(storage.store.objects.size).toBe(3); // two files and the entry
  });

  it('finishes after a crash between finalizing two files', async () => {
    const storage = new MemoryStorage();
    const entry = await committedBatch(storage);
    const crash = new Error('process died');
    storage.failNext('finalize', { key: KEYS[1], error: crash });
    await expect(rollForward(entry, storage, { concurrency: 1 })).rejects.toBe(crash);
    expect(text(await storage.get(KEYS[0] as string))).toBe('eu records');
    expect(await storage.get(KEYS[1] as string)).toBeUndefined();
    await rollForward(entry, storage); // the next owner's recovery
    expect(text(await storage.get(KEYS[1] as string))).toBe('us records');
  });

  it('retries retriable failures', async () => {
    const storage = new MemoryStorage();
    const entry = await committedBatch(storage);
    storage.failNext('finalize', { times: 3 }); // STORAGE_UNAVAILABLE, retriable
    await rollForward(entry, storage, { retry: noSleep });
    expect(storage.store.staged.size).toBe(0);
  });

  it('reports lost staged data as STORAGE_STAGED_UPLOAD_LOST after finalizing the other files', async () => {
    const storage = new MemoryStorage();
    const entry = await committedBatch(storage);
    const lost = [...storage.store.staged].find(([, s]) => s.key === KEYS[0])?.[0] as string;
    storage.store.staged.delete(lost); // e.g. a lifecycle rule expired the multipart upload
    const run = rollForward(entry, storage, { retry: noSleep });
    await expect(run).rejects.toBeInstanceOf(StorageError);
    await expect(run).rejects.toMatchObject({ code: StorageErrorCode.STAGED_UPLOAD_LOST, key: KEYS[0] });
    expect(text(await storage.get(KEYS[1] as string))).toBe('us records');
  });
});
