import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { StagedUpload } from '@sinkkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStorage, STAGING_FOLDER } from '../src/index.js';

const run = promisify(execFile);
const uploads = (root: string) => join(root, STAGING_FOLDER, 'uploads');

describe('staged files left behind by a crash', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sinkkit-fs-staging-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('a writer never closed (the process died) is listed with its bytes so far, and aborting it removes every trace', async () => {
    const crashed = new FsStorage({ root });
    const writer = await crashed.openStaged('topics/orders/partition=0/orders+0+0000000000.json');
    await writer.write(new Uint8Array(1000));

    const successor = new FsStorage({ root });
    const [orphan, ...others] = await successor.listStaged('topics/orders/');
    expect(others).toEqual([]);
    expect(orphan).toMatchObject({ key: 'topics/orders/partition=0/orders+0+0000000000.json', size: 1000 });
    expect((await successor.list('')).objects).toEqual([]);

    await successor.abortStaged(orphan as StagedUpload);
    expect(await successor.listStaged('')).toEqual([]);
    expect(await readdir(uploads(root))).toEqual([]);
  });

  it('a staged upload is one file named after its handle and key; any key survives the name, even one listed after a restart', async () => {
    const storage = new FsStorage({ root });
    const keys = ['topics/t/région=é/t+0+0000000000.json', 'a b/%41/c+d=e.json', 'x'];
    const uploaded = [];
    for (const key of keys) {
      const writer = await storage.openStaged(key);
      await writer.write(new TextEncoder().encode(key));
      uploaded.push(await writer.close());
    }
    const names = await readdir(uploads(root));
    expect(names).toHaveLength(3);
    expect(names.every((name) => /^[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9._=+%-]+$/.test(name))).toBe(true);
    const listed = await new FsStorage({ root }).listStaged('');
    expect(listed.map(({ key }) => key).sort()).toEqual([...keys].sort());
    for (const upload of uploaded) await storage.finalize(upload);
    for (const key of keys) expect(new TextDecoder().decode(await storage.get(key))).toBe(key);
    expect(await readdir(uploads(root))).toEqual([]);
  });

  it('a key too long for one file name stages in folders under its handle, and finalizes, lists and aborts the same', async () => {
    const storage = new FsStorage({ root });
    const key = `${'d'.repeat(120)}/${'e'.repeat(120)}/f.json`;
    const writer = await storage.openStaged(key);
    await writer.write(new Uint8Array(7));
    const upload = await writer.close();
    expect(await readdir(join(uploads(root), upload.handle))).toEqual(['d'.repeat(120)]);
    expect(await storage.listStaged('')).toEqual([{ key, handle: upload.handle, size: 7 }]);
    await storage.finalize(upload);
    expect((await storage.head(key))?.size).toBe(7);
    expect(await readdir(uploads(root))).toEqual([]);

    const dropped = await storage.openStaged(key);
    await dropped.write(new Uint8Array(3));
    await storage.abortStaged(await dropped.close());
    expect(await storage.listStaged('')).toEqual([]);
  });

  it('a name that only looks like a staged upload (another spelling of its key) is not listed', async () => {
    await mkdir(uploads(root), { recursive: true });
    await writeFile(join(uploads(root), 'Q2Fyb2xpbmVCYXJ0bGV0dA.%41'), 'x');
    await writeFile(join(uploads(root), 'Q2Fyb2xpbmVCYXJ0bGV0dA.%FF'), 'x');
    expect(await new FsStorage({ root }).listStaged('')).toEqual([]);
  });

  it('a temp file dropped into an upload folder by hand (the folder layout of earlier versions) is a staged upload like any other', async () => {
    const handle = 'Q2Fyb2xpbmVCYXJ0bGV0dA';
    await mkdir(join(uploads(root), handle, 'a', 'b'), { recursive: true });
    await writeFile(join(uploads(root), handle, 'a', 'b', 'file.bin'), 'half');
    const storage = new FsStorage({ root });
    expect(await storage.listStaged('a/')).toEqual([{ key: 'a/b/file.bin', handle, size: 4 }]);
    await storage.finalize({ key: 'a/b/file.bin', handle, size: 4 });
    expect(new TextDecoder().decode(await storage.get('a/b/file.bin'))).toBe('half');
  });

  it('a crash after the rename but before the clean-up: the empty folder is not listed, and finalize again succeeds and cleans up', async () => {
    const storage = new FsStorage({ root });
    const writer = await storage.openStaged('x/y.bin');
    await writer.write(new Uint8Array(10));
    const upload = await writer.close();
    await storage.finalize(upload);
    // Put back what the clean-up removed: the upload's folder tree, without the file.
    await mkdir(join(uploads(root), upload.handle, 'x'), { recursive: true });
    expect(await storage.listStaged('')).toEqual([]);
    await storage.finalize(upload);
    expect(await readdir(uploads(root))).toEqual([]);
    expect((await storage.head('x/y.bin'))?.size).toBe(10);
  });

  it('StagedWriter.abort after close discards the staged file but never a finalized object', async () => {
    const storage = new FsStorage({ root });
    const kept = await storage.openStaged('kept');
    await kept.write(new Uint8Array(3));
    await storage.finalize(await kept.close());
    await kept.abort();
    expect((await storage.head('kept'))?.size).toBe(3);

    const dropped = await storage.openStaged('dropped');
    await dropped.write(new Uint8Array(3));
    const upload = await dropped.close();
    await dropped.abort();
    expect(await storage.listStaged('')).toEqual([]);
    await expect(storage.finalize(upload)).rejects.toMatchObject({ code: 'STORAGE_STAGED_UPLOAD_LOST' });
  });

  it('finalize refuses a staged file whose size differs from the upload (a writer still open)', async () => {
    const storage = new FsStorage({ root });
    const writer = await storage.openStaged('k');
    await writer.write(new Uint8Array(5));
    const [listed] = await storage.listStaged('');
    await writer.write(new Uint8Array(5));
    await expect(storage.finalize(listed as StagedUpload)).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
    expect(await storage.head('k')).toBeUndefined();
    await writer.abort();
  });

  it('a process killed with SIGKILL: its closed upload is finalized and its open one aborted by the next process', async () => {
    // The child uses the built package, as a separately started process would.
    const script = `
      import { FsStorage } from '@sinkkit/storage-fs';
      const storage = new FsStorage({ root: process.argv[1] });
      const done = await storage.openStaged('tp-0/closed.bin');
      for (let i = 0; i < 8; i++) await done.write(new Uint8Array(128 * 1024).fill(i));
      process.stdout.write(JSON.stringify(await done.close()));
      const open = await storage.openStaged('tp-0/open.bin');
      // The second write resolves once the first is in the file (the second may still be in flight).
      await open.write(new Uint8Array(4096));
      await open.write(new Uint8Array(4096));
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = await run(process.execPath, ['--input-type=module', '-e', script, root], {
      cwd: resolve(import.meta.dirname, '..'),
    }).catch((error: { signal?: string; stdout: string }) => error);
    expect(child).toMatchObject({ signal: 'SIGKILL' });
    const closed: StagedUpload = JSON.parse(child.stdout);

    const next = new FsStorage({ root });
    const staged = await next.listStaged('tp-0/');
    expect(staged.map((upload) => upload.key)).toEqual(['tp-0/closed.bin', 'tp-0/open.bin']);
    expect(staged[0]?.size).toBe(1024 * 1024);
    expect([4096, 8192]).toContain(staged[1]?.size);
    await next.finalize(closed);
    for (const orphan of await next.listStaged('tp-0/')) await next.abortStaged(orphan);
    expect(await next.listStaged('')).toEqual([]);
    const data = (await next.get('tp-0/closed.bin')) as Uint8Array;
    expect([data.byteLength, data[0], data[data.byteLength - 1]]).toEqual([1024 * 1024, 0, 7]);
    expect((await next.list('tp-0/')).objects.map((object) => object.key)).toEqual(['tp-0/closed.bin']);
    expect(await readdir(uploads(root))).toEqual([]);
  });
});
