import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsyncDirectory } from '../src/durable.js';
import { FsStorage, STAGING_FOLDER } from '../src/index.js';

/** The staged writer creates its file and writes its chunks in the background; failures still surface. */
describe('FsStagedWriter in the background', () => {
  let root: string;
  let storage: FsStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sinkkit-fs-staged-'));
    storage = new FsStorage({ root });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('chunks written back to back, from one reused buffer, land complete and in order', async () => {
    const key = 'topics/t/partition=0/t+0+0000000000.json';
    const writer = await storage.openStaged(key);
    const buffer = new Uint8Array(64 * 1024);
    const expected: Buffer[] = [];
    for (let i = 0; i < 20; i++) {
      buffer.fill(65 + i);
      expected.push(Buffer.from(buffer));
      await writer.write(buffer);
    }
    expect(writer.bytesWritten).toBe(20 * buffer.byteLength);
    const upload = await writer.close();
    await storage.finalize(upload);
    expect((await readFile(join(root, key))).equals(Buffer.concat(expected))).toBe(true);
  });

  it('a staged file that cannot be created fails the first write as INVALID_REQUEST; then only abort helps', async () => {
    // A file where the upload's folders must go: its creation fails with ENOTDIR.
    await mkdir(join(root, STAGING_FOLDER), { recursive: true });
    await writeFile(join(root, STAGING_FOLDER, 'uploads'), 'in the way');
    const writer = await storage.openStaged('a/b.json');
    await expect(writer.write(new Uint8Array(10))).rejects.toMatchObject({
      code: 'STORAGE_INVALID_REQUEST',
      key: 'a/b.json',
    });
    await expect(writer.close()).rejects.toThrow(/accepts nothing more: a write failed/);
    await expect(writer.abort()).resolves.toBeUndefined();
  });

  it('the same failure surfaces at close when nothing was written', async () => {
    await mkdir(join(root, STAGING_FOLDER), { recursive: true });
    await writeFile(join(root, STAGING_FOLDER, 'uploads'), 'in the way');
    const writer = await storage.openStaged('a/b.json');
    await expect(writer.close()).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
  });

  it('abort while a chunk is in flight leaves no staged data behind', async () => {
    const writer = await storage.openStaged('a/b.json');
    await writer.write(new Uint8Array(256 * 1024));
    await writer.abort();
    expect(await readdir(join(root, STAGING_FOLDER, 'uploads'))).toEqual([]);
  });

  it('many concurrent fsyncs of one folder all resolve, and a failing one rejects only its own callers', async () => {
    await Promise.all(Array.from({ length: 200 }, () => fsyncDirectory(root)));
    const missing = join(root, 'missing');
    const results = await Promise.allSettled([fsyncDirectory(missing), fsyncDirectory(missing), fsyncDirectory(root)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
