import type { Bucket } from '@google-cloud/storage';
import { StorageErrorCode } from '@sinkkit/core';
import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcsStorage, type GcsStorageOptions, WRITE_ID_METADATA } from '../src/index.js';
import { bucketName, clientFor, type GcsRig, pattern, startGcsRig } from './support/gcs.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const env = useTestEnvironment({ gcs: true }, { beforeAll, afterAll });
let rig: GcsRig;
beforeAll(async () => {
  rig = await startGcsRig(env.current.gcs);
});
afterAll(() => rig?.stop());

/** A storage through the compose shim and the create-only proxy (GCS's semantics). */
async function setup(options: Partial<GcsStorageOptions> = {}) {
  const name = bucketName();
  await env.current.gcs.createBucket(name);
  const bucket = clientFor(env.current.gcs, rig.proxy.url).bucket(name);
  const storage = new GcsStorage({
    bucket,
    prefix: 'sink',
    chunkSize: 256 * KiB,
    retry: { baseMs: 1, capMs: 10 },
    ...options,
  });
  return { storage, bucket, raw: clientFor(env.current.gcs).bucket(name) };
}

async function stage(storage: GcsStorage, key: string, data: Uint8Array, chunk = 100_000) {
  const writer = await storage.openStaged(key);
  for (let offset = 0; offset < data.length; offset += chunk) await writer.write(data.subarray(offset, offset + chunk));
  return { writer, upload: await writer.close() };
}

const allNames = async (bucket: Bucket) => (await bucket.getFiles())[0].map((f) => f.name).sort();

describe('GcsStagedWriter', () => {
  it('streams 10 MiB as 256 KiB parts, never holding more than two chunks; 41 parts take two composes', async () => {
    const { storage, raw } = await setup();
    const data = pattern(10 * MiB + 1234, 3);
    const writer = await storage.openStaged('big/file.bin');
    let maxBuffered = 0;
    let partsBeforeClose = 0;
    for (let offset = 0; offset < data.length; offset += 100_000) {
      await writer.write(data.subarray(offset, offset + 100_000));
      maxBuffered = Math.max(maxBuffered, writer.bufferedBytes);
    }
    partsBeforeClose = (await raw.getFiles({ prefix: 'sink/_sinkkit/staging/big/file.bin/' }))[0].length;
    const upload = await writer.close();
    expect(writer.bufferedBytes).toBe(0);
    expect(maxBuffered).toBeLessThanOrEqual(2 * 256 * KiB);
    expect(partsBeforeClose).toBeGreaterThanOrEqual(38); // parts go up while writing, not at close
    expect(JSON.parse(upload.handle)).toEqual({ uploadId: writer.uploadId, parts: 41 });
    expect(upload).toMatchObject({ key: 'big/file.bin', size: data.length });
    expect(await storage.head('big/file.bin')).toBeUndefined();
    expect((await storage.list('')).objects).toEqual([]); // temporary objects are never listed

    const composesBefore = rig.shim.composes.length;
    await storage.finalize(upload);
    expect(rig.shim.composes.slice(composesBefore)).toEqual([32, 10]); // 32 parts → c000000, then it + 9 parts
    expect(Buffer.from((await storage.get('big/file.bin')) ?? []).equals(data)).toBe(true);
    expect(await allNames(raw)).toEqual(['sink/big/file.bin']); // parts and intermediate deleted
  });

  it('a small file never allocates a whole chunk, and finalizes by a copy', async () => {
    const { storage } = await setup({ chunkSize: 64 * MiB });
    const writer = await storage.openStaged('small.json');
    await writer.write(pattern(1000));
    expect(writer.bufferedBytes).toBe(1000);
    const upload = await writer.close();
    const composesBefore = rig.shim.composes.length;
    await storage.finalize(upload);
    expect(rig.shim.composes.length).toBe(composesBefore);
    expect((await storage.head('small.json'))?.size).toBe(1000);
  });

  it('a 0-byte upload is one empty part and finalizes to an empty object', async () => {
    const { storage, raw } = await setup();
    const writer = await storage.openStaged('empty.bin');
    await writer.write(new Uint8Array(0));
    const upload = await writer.close();
    expect(JSON.parse(upload.handle).parts).toBe(1);
    expect(await allNames(raw)).toEqual([`sink/_sinkkit/staging/empty.bin/${writer.uploadId}/p000000`]);
    await storage.finalize(upload);
    expect(await storage.head('empty.bin')).toMatchObject({ size: 0 });
    expect(await allNames(raw)).toEqual(['sink/empty.bin']);
  });
});

describe('GcsStorage.finalize outcomes', () => {
  it('an object already at the key with another size is left alone: INVALID_REQUEST, temporary objects kept', async () => {
    const { storage, raw } = await setup();
    const { upload, writer } = await stage(storage, 'taken.bin', pattern(5000));
    expect(await storage.putIfAbsent('taken.bin', pattern(10, 9))).toBe('created');
    await expect(storage.finalize(upload)).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
      retriable: false,
      message: expect.stringMatching(/another object \(10 bytes, expected 5000\)/),
    });
    expect((await storage.head('taken.bin'))?.size).toBe(10);
    expect((await storage.listStaged('')).map((u) => u.key)).toEqual(['taken.bin']);
    expect(await allNames(raw)).toContain(`sink/_sinkkit/staging/taken.bin/${writer.uploadId}/p000000`);
  });

  it('the final object there with the expected size counts as done, and leftover temporary objects are removed', async () => {
    const { storage, raw } = await setup();
    const data = pattern(700 * KiB, 4);
    const { upload } = await stage(storage, 'done.bin', data);
    await storage.finalize(upload);
    // A crash between the compose and the clean-up: the parts are back, the object is final.
    const again = await stage(storage, 'done.bin', data);
    await storage.finalize({ ...again.upload });
    expect(await allNames(raw)).toEqual(['sink/done.bin']);
    await storage.finalize(upload); // temporary objects gone, object final: done
  });

  it('temporary objects gone and no object: STAGED_UPLOAD_LOST; handles from listStaged cannot be finalized', async () => {
    const { storage } = await setup();
    const { upload } = await stage(storage, 'lost.bin', pattern(600 * KiB));
    const [listed] = await storage.listStaged('lost');
    expect(listed).toMatchObject({ key: 'lost.bin', size: 600 * KiB });
    await expect(storage.finalize(listed as never)).rejects.toMatchObject({ code: StorageErrorCode.INVALID_REQUEST });
    await storage.abortStaged(listed as never);
    await expect(storage.finalize(upload)).rejects.toMatchObject({
      code: StorageErrorCode.STAGED_UPLOAD_LOST,
      retriable: false,
    });
    expect(await storage.head('lost.bin')).toBeUndefined();
  });

  it('without conditional create it still never overwrites a finished object (checked first)', async () => {
    const { storage } = await setup({ conditionalCreate: false });
    const { upload } = await stage(storage, 'k', pattern(100));
    await storage.putIfAbsent('k', pattern(50));
    await expect(storage.finalize(upload)).rejects.toMatchObject({ code: StorageErrorCode.INVALID_REQUEST });
    expect((await storage.head('k'))?.size).toBe(50);
  });
});

describe('GcsStorage objects', () => {
  it('putIfAbsent tags its object with a write id and answers exists for a taken key', async () => {
    const { storage, raw } = await setup();
    expect(await storage.putIfAbsent('wal/1', pattern(10))).toBe('created');
    const [metadata] = await raw.file('sink/wal/1').getMetadata();
    expect(metadata.metadata?.[WRITE_ID_METADATA]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storage.putIfAbsent('wal/1', pattern(10))).toBe('exists');
  });

  it('list hides the staging folder even when it fills whole pages, and pages stay correct', async () => {
    const { storage } = await setup({ stagingPrefix: 'a-staging' });
    const open = await Promise.all(Array.from({ length: 5 }, (_, i) => stage(storage, `k${i}`, pattern(10))));
    for (const key of ['a', 'b', 'c']) await storage.putIfAbsent(key, pattern(3));
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await storage.list('', { pageSize: 2, ...(token ? { pageToken: token } : {}) });
      pages.push(page.objects.map((o) => o.key));
      token = page.nextPageToken;
    } while (token);
    expect(pages.flat()).toEqual(['a', 'b', 'c']);
    expect(pages.every((page) => page.length > 0)).toBe(true);
    expect((await storage.listStaged('')).map((u) => u.key).sort()).toEqual(open.map((o) => o.upload.key).sort());
  });
});
