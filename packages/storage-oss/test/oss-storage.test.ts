import { StorageErrorCode } from '@sinkkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssStorage, type OssStorageOptions } from '../src/index.js';
import { bucketName, clientFor, pattern } from './support/oss.js';
import { type OssDouble, startOssDouble } from './support/oss-double.js';

let double: OssDouble;
beforeAll(async () => {
  double = await startOssDouble();
});
afterAll(() => double?.stop());

function storageOn(options: Partial<OssStorageOptions> = {}) {
  const bucket = bucketName();
  double.createBucket(bucket);
  const storage = new OssStorage({ client: clientFor(double, bucket), retry: { baseMs: 1, capMs: 10 }, ...options });
  const sent = () => double.requests.filter((r) => String(r.headers.host).startsWith(`${bucket}.`));
  return { storage, bucket, sent };
}

async function stage(storage: OssStorage, key: string, data: Uint8Array) {
  const writer = await storage.openStaged(key);
  await writer.write(data);
  return writer.close();
}

describe('OssStorage', () => {
  it('keys are relative to the prefix: written under it, listed without it', async () => {
    const { storage, bucket } = storageOn({ prefix: 'sink/v1' });
    await storage.putIfAbsent('a/1.json', pattern(3));
    expect(double.objectNames(bucket)).toEqual(['sink/v1/a/1.json']);
    expect((await storage.list('a/')).objects.map((o) => o.key)).toEqual(['a/1.json']);
  });

  it('sends x-oss-forbid-overwrite: true on create-only puts and on completions, and nowhere else', async () => {
    const { storage, sent } = storageOn();
    await storage.putIfAbsent('wal/1', pattern(10));
    await storage.finalize(await stage(storage, 'data/1', pattern(10)));
    const forbidding = sent()
      .filter((r) => r.headers['x-oss-forbid-overwrite'] === 'true')
      .map((r) => `${r.method} ${r.path}?${r.query}`);
    expect(forbidding).toEqual(['PUT /wal/1?', expect.stringMatching(/^POST \/data\/1\?uploadId=/)]);
  });

  it('with conditionalCreate off, sends no header and checks with HEAD first', async () => {
    const { storage, sent } = storageOn({ conditionalCreate: false });
    expect(await storage.putIfAbsent('k', pattern(5))).toBe('created');
    expect(await storage.putIfAbsent('k', pattern(6))).toBe('exists');
    expect((await storage.head('k'))?.size).toBe(5);
    await storage.finalize(await stage(storage, 'f', pattern(10)));
    expect(sent().some((r) => r.headers['x-oss-forbid-overwrite'] !== undefined)).toBe(false);
  });

  it('finalize refuses to replace another object at the key (409 FileAlreadyExists) and keeps it', async () => {
    const { storage } = storageOn();
    const upload = await stage(storage, 'taken', pattern(100));
    expect(await storage.putIfAbsent('taken', pattern(7, 9))).toBe('created');
    const error = await storage.finalize(upload).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: StorageErrorCode.INVALID_REQUEST, retriable: false });
    expect(String(error)).toMatch(/another object \(7 bytes, expected 100\)/);
    expect((await storage.head('taken'))?.size).toBe(7);
  });

  it('finalize counts an object of the expected size already at the key as done (409, then HEAD) and aborts its upload', async () => {
    const { storage, bucket } = storageOn();
    const data = pattern(100);
    const upload = await stage(storage, 'same', data);
    await storage.putIfAbsent('same', data);
    await storage.finalize(upload);
    await storage.finalize(upload);
    expect((await storage.head('same'))?.size).toBe(100);
    expect(double.uploadCount(bucket)).toBe(0);
  });

  it('finalize of an upload that no longer exists (NoSuchUpload): done if the object is there with the size, else STAGED_UPLOAD_LOST', async () => {
    const { storage } = storageOn();
    const data = pattern(50);
    const upload = await stage(storage, 'gone', data);
    await storage.abortStaged(upload);
    await expect(storage.finalize(upload)).rejects.toMatchObject({
      code: StorageErrorCode.STAGED_UPLOAD_LOST,
      retriable: false,
    });
    // Another process completed it before crashing: the object is there with the right size.
    await storage.putIfAbsent('gone', data);
    await storage.finalize(upload);
    // The double answers NoSuchUpload before looking at the key (which OSS checks first is not
    // documented; finalize handles either answer the same way).
    await expect(storage.finalize({ ...upload, size: 51 })).rejects.toMatchObject({
      code: StorageErrorCode.STAGED_UPLOAD_LOST,
    });
    const { storage: plain } = storageOn({ conditionalCreate: false });
    const lost = await stage(plain, 'lost', data);
    await plain.abortStaged(lost);
    await plain.putIfAbsent('lost', pattern(51));
    await expect(plain.finalize(lost)).rejects.toThrow(/no longer exists and the object is 51 bytes, expected 50/);
  });

  it('finalize and abortStaged reject a handle that is not an OSS multipart handle', async () => {
    const { storage } = storageOn();
    for (const handle of ['not json', '{}', '{"uploadId":"u","parts":[{"number":"1"}]}']) {
      await expect(storage.finalize({ key: 'k', handle, size: 1 })).rejects.toMatchObject({
        code: StorageErrorCode.INVALID_REQUEST,
      });
      await expect(storage.abortStaged({ key: 'k', handle, size: 1 })).rejects.toMatchObject({
        code: StorageErrorCode.INVALID_REQUEST,
      });
    }
    const listed = JSON.stringify({ uploadId: 'u', parts: [] });
    await expect(storage.finalize({ key: 'k', handle: listed, size: -1 })).rejects.toThrow(/lists no parts/);
  });

  it('listStaged follows ListMultipartUploads pages (more than 1000 uploads)', async () => {
    const { storage, sent } = storageOn();
    const names = Array.from({ length: 1003 }, (_, i) => `tp/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(names.slice(i, i + 100).map((name) => storage.openStaged(name)));
    }
    const found = await storage.listStaged('tp/');
    expect(found.map((u) => u.key)).toEqual(names);
    expect(sent().filter((r) => r.method === 'GET' && r.query.has('uploads'))).toHaveLength(2);
    expect(found.every((u) => u.size === -1 && JSON.parse(u.handle).parts.length === 0)).toBe(true);
  });

  it('works with STS credentials (x-oss-security-token is signed)', async () => {
    const sts = await startOssDouble({ credentials: { stsToken: 'CAIS-session-token' } });
    try {
      const bucket = bucketName();
      sts.createBucket(bucket);
      const storage = new OssStorage({ client: clientFor(sts, bucket) });
      expect(await storage.putIfAbsent('k', pattern(3))).toBe('created');
      expect(sts.requests[0]?.headers['x-oss-security-token']).toBe('CAIS-session-token');
    } finally {
      await sts.stop();
    }
  });

  it('a wrong secret is SignatureDoesNotMatch: ACCESS_DENIED, not retried', async () => {
    const { bucket, sent } = storageOn();
    const client = clientFor(double, bucket, { accessKeySecret: 'not-the-secret' });
    const storage = new OssStorage({ client, retry: { baseMs: 1, capMs: 5 } });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.ACCESS_DENIED,
      retriable: false,
      message: expect.stringContaining('403 SignatureDoesNotMatch'),
    });
    expect(sent()).toHaveLength(1);
  });

  it('a missing bucket is an invalid request, not retried', async () => {
    const storage = new OssStorage({ client: clientFor(double, 'no-such-bucket-here') });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
      retriable: false,
    });
  });
});
