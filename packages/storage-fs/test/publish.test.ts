import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStorage, STAGING_FOLDER } from '../src/index.js';

describe('create-only writes and the staging folder', () => {
  let root: string;
  let storage: FsStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sinkkit-fs-publish-'));
    storage = new FsStorage({ root });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('putIfAbsent leaves no temp file behind, created or not', async () => {
    expect(await storage.putIfAbsent('wal/orders/0/00000001', new Uint8Array(10))).toBe('created');
    expect(await storage.putIfAbsent('wal/orders/0/00000001', new Uint8Array(20))).toBe('exists');
    expect(await readdir(join(root, STAGING_FOLDER, 'puts'))).toEqual([]);
    expect((await storage.head('wal/orders/0/00000001'))?.size).toBe(10);
  });

  it('100 concurrent putIfAbsent from 10 instances: one winner, whose bytes are complete', async () => {
    const instances = Array.from({ length: 10 }, () => new FsStorage({ root }));
    const body = (i: number) => new Uint8Array(64 * 1024).fill(i);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (instances[i % 10] as FsStorage).putIfAbsent('wal/race', body(i))),
    );
    expect(answers.filter((answer) => answer === 'created')).toHaveLength(1);
    const stored = (await storage.get('wal/race')) as Uint8Array;
    expect(stored).toEqual(body(answers.indexOf('created')));
  });

  it('the staging folder and crash leftovers in it are never listed', async () => {
    await writeFile(join(root, 'visible'), 'x');
    const writer = await storage.openStaged('staged');
    await writer.write(new Uint8Array(1));
    await storage.putIfAbsent('also-visible', new Uint8Array(1));
    await writeFile(join(root, STAGING_FOLDER, 'puts', 'leftover-temp'), 'half an entry');
    expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['also-visible', 'visible']);
    expect((await storage.list('.sinkkit')).objects).toEqual([]);
    await writer.abort();
  });

  it('a key below an object is refused as INVALID_REQUEST: a file cannot also be a folder', async () => {
    await storage.putIfAbsent('a', new Uint8Array(1));
    await expect(storage.putIfAbsent('a/b', new Uint8Array(1))).rejects.toMatchObject({
      code: 'STORAGE_INVALID_REQUEST',
      retriable: false,
    });
    expect(await storage.get('a/b')).toBeUndefined();
  });

  it('reads of a missing root find nothing, and the first write creates it', async () => {
    const missing = new FsStorage({ root: join(root, 'not', 'yet') });
    expect(await missing.get('k')).toBeUndefined();
    expect((await missing.list('')).objects).toEqual([]);
    expect(await missing.listStaged('')).toEqual([]);
    expect(await missing.putIfAbsent('k', new Uint8Array(3))).toBe('created');
    expect((await missing.head('k'))?.size).toBe(3);
  });
});
