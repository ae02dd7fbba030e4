import { link, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StagedUpload } from '@sinkkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStorage, STAGING_FOLDER } from '../src/index.js';

/** finalize never replaces an object already at the key, as on S3 with If-None-Match: *. */
describe('finalize onto a key that is taken', () => {
  let root: string;
  let storage: FsStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sinkkit-fs-finalize-'));
    storage = new FsStorage({ root });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const stage = async (key: string, body: Uint8Array): Promise<StagedUpload> => {
    const writer = await storage.openStaged(key);
    await writer.write(body);
    return writer.close();
  };
  // A staged upload is one flat file in the uploads folder, named after its handle and key.
  const stagedPath = async (upload: StagedUpload) => {
    const uploads = join(root, STAGING_FOLDER, 'uploads');
    const name = (await readdir(uploads)).find((n) => n.startsWith(`${upload.handle}.`));
    return join(uploads, name ?? 'missing');
  };
  const uploadsLeft = () => readdir(join(root, STAGING_FOLDER, 'uploads'));
  const putFile = async (key: string, body: string) => {
    await mkdir(dirname(join(root, key)), { recursive: true });
    await writeFile(join(root, key), body);
  };

  it('a different object (another size) is left alone, and finalize fails as INVALID_REQUEST naming the key and both sizes', async () => {
    const key = 'topics/orders/partition=0/orders+0+0000000000.json';
    await putFile(key, 'written by another connector\n');
    const before = await stat(join(root, key));
    const upload = await stage(key, new TextEncoder().encode('{"offset":0}\n'));

    const failure = storage.finalize(upload);
    await expect(failure).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST', retriable: false, key });
    await expect(failure).rejects.toThrow(/orders\+0\+0000000000\.json.*29 bytes.*13 bytes.*not overwritten/);
    expect(await readFile(join(root, key), 'utf8')).toBe('written by another connector\n');
    const after = await stat(join(root, key));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);

    // Our staged data is still there, for the caller to abort; aborting leaves the object alone too.
    expect((await storage.listStaged('topics/')).map((found) => [found.key, found.size])).toEqual([[key, 13]]);
    await storage.abortStaged(upload);
    expect(await storage.listStaged('')).toEqual([]);
    expect(await readFile(join(root, key), 'utf8')).toBe('written by another connector\n');
  });

  it('a folder at the key is not replaced either', async () => {
    await mkdir(join(root, 'a', 'folder'), { recursive: true });
    const upload = await stage('a/folder', new Uint8Array(3));
    await expect(storage.finalize(upload)).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST', key: 'a/folder' });
    expect((await stat(join(root, 'a', 'folder'))).isDirectory()).toBe(true);
    await storage.abortStaged(upload);
  });

  it('an object of the same size counts as already finalized: finalize succeeds and removes the staged data', async () => {
    const key = 'same-size.bin';
    await putFile(key, 'abcd');
    const upload = await stage(key, new Uint8Array(4));
    await storage.finalize(upload);
    await storage.finalize(upload);
    expect(await readFile(join(root, key), 'utf8')).toBe('abcd');
    expect(await uploadsLeft()).toEqual([]);
  });

  it('a crash between link and unlink: the retried finalize completes and removes only the staged name', async () => {
    const key = 'crash/after-link.bin';
    const body = new Uint8Array(1000).fill(7);
    const upload = await stage(key, body);
    // What finalize had done when the process died: the final name linked, the staged one not removed.
    await mkdir(join(root, 'crash'), { recursive: true });
    await link(await stagedPath(upload), join(root, key));
    expect((await storage.listStaged('crash/')).map((found) => found.key)).toEqual([key]);

    await storage.finalize(upload);
    expect(await storage.get(key)).toEqual(body);
    expect(await uploadsLeft()).toEqual([]);
    expect(await storage.listStaged('')).toEqual([]);
    await storage.finalize(upload);
  });

  it('a crash between link and unlink: abort (orphan clean-up) removes only the staged name, the object stays', async () => {
    const key = 'crash/aborted.bin';
    const body = new Uint8Array(300).fill(3);
    const upload = await stage(key, body);
    await mkdir(join(root, 'crash'), { recursive: true });
    await link(await stagedPath(upload), join(root, key));

    const [orphan] = await new FsStorage({ root }).listStaged('crash/');
    await storage.abortStaged(orphan as StagedUpload);
    expect(await storage.get(key)).toEqual(body);
    expect(await storage.listStaged('')).toEqual([]);
    await storage.finalize(upload); // the object is final with the upload's size: done
  });

  it('a finalized object keeps one name: the staged link is gone', async () => {
    const upload = await stage('one-link', new Uint8Array(5));
    await storage.finalize(upload);
    expect((await stat(join(root, 'one-link'))).nlink).toBe(1);
  });
});
