import { StorageErrorCode } from '@sinkkit/core';
import { type FaultProxy, faults, s3Error, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../src/index.js';
import { bucketName, clientFor, pattern, recordRequests } from './support/s3.js';

const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

async function storageOn(options: { viaProxy?: boolean; prefix?: string } = {}) {
  const bucket = bucketName();
  await env.current.s3.createBucket(bucket);
  const client = clientFor(env.current.s3, options.viaProxy ? proxy.url : undefined);
  const storage = new S3Storage({
    client,
    bucket,
    prefix: options.prefix,
    conditionalCreate: options.viaProxy === true,
    listStaged: false,
    retry: { baseMs: 1, capMs: 10 },
  });
  return { storage, client, bucket };
}

describe('S3Storage', () => {
  it('keys are relative to the prefix: written under it, listed without it', async () => {
    const { storage, bucket } = await storageOn({ prefix: 'sink/v1' });
    await storage.putIfAbsent('a/1.json', pattern(3));
    const raw = new S3Storage({ client: clientFor(env.current.s3), bucket, conditionalCreate: false });
    expect((await raw.head('sink/v1/a/1.json'))?.size).toBe(3);
    expect((await storage.list('a/')).objects.map((o) => o.key)).toEqual(['a/1.json']);
    expect((await raw.list('')).objects.map((o) => o.key)).toEqual(['sink/v1/a/1.json']);
  });

  it('with conditionalCreate off, putIfAbsent checks with HEAD first and says exists', async () => {
    const { storage } = await storageOn();
    expect(await storage.putIfAbsent('k', pattern(5))).toBe('created');
    expect(await storage.putIfAbsent('k', pattern(6))).toBe('exists');
    expect((await storage.head('k'))?.size).toBe(5);
  });

  it('sends If-None-Match: * on create-only puts and completions when conditionalCreate is on', async () => {
    const { storage, client } = await storageOn({ viaProxy: true });
    const log = recordRequests(client);
    await storage.putIfAbsent('wal/1', pattern(10));
    const writer = await storage.openStaged('data/1');
    await writer.write(pattern(10));
    await storage.finalize(await writer.close());
    const conditional = log.sent.filter((r) => r.headers['if-none-match'] === '*').map((r) => r.command);
    expect(conditional).toEqual(['PutObjectCommand', 'CompleteMultipartUploadCommand']);
  });

  it('finalize refuses to replace another object at the key (412) and keeps it', async () => {
    const { storage } = await storageOn({ viaProxy: true });
    const writer = await storage.openStaged('taken');
    await writer.write(pattern(100));
    const upload = await writer.close();
    expect(await storage.putIfAbsent('taken', pattern(7, 9))).toBe('created');
    const error = await storage.finalize(upload).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: StorageErrorCode.INVALID_REQUEST, retriable: false });
    expect(String(error)).toMatch(/another object \(7 bytes, expected 100\)/);
    expect((await storage.head('taken'))?.size).toBe(7);
  });

  it('finalize counts an object of the expected size already at the key as done (412, then HEAD)', async () => {
    const { storage } = await storageOn({ viaProxy: true });
    const data = pattern(100);
    const writer = await storage.openStaged('same');
    await writer.write(data);
    const upload = await writer.close();
    await storage.putIfAbsent('same', data);
    await storage.finalize(upload);
    await storage.finalize(upload);
    expect((await storage.head('same'))?.size).toBe(100);
  });

  // s3rver answers 500 to completing an unknown upload; S3 answers 404 NoSuchUpload, so the
  // proxy answers that here, as S3 would.
  it('finalize of an upload that no longer exists: done if the object is there, else STAGED_UPLOAD_LOST', async () => {
    const { storage } = await storageOn({ viaProxy: true });
    const noSuchUpload = proxy.addFault({
      match: { method: 'POST', predicate: (r) => r.query.has('uploadId') },
      action: faults.error(s3Error(404, 'NoSuchUpload', 'The specified upload does not exist.')),
    });
    try {
      const data = pattern(50);
      const upload = await (async () => {
        const writer = await storage.openStaged('gone');
        await writer.write(data);
        return writer.close();
      })();
      await expect(storage.finalize(upload)).rejects.toMatchObject({
        code: StorageErrorCode.STAGED_UPLOAD_LOST,
        retriable: false,
      });
      // Another process completed it before crashing: the object is there with the right size.
      await storage.putIfAbsent('gone', data);
      await storage.finalize(upload);
      await expect(storage.finalize({ ...upload, size: 51 })).rejects.toMatchObject({
        code: StorageErrorCode.STAGED_UPLOAD_LOST,
      });
    } finally {
      noSuchUpload.remove();
    }
  });

  it('finalize and abortStaged reject a handle that is not an S3 multipart handle', async () => {
    const { storage } = await storageOn();
    for (const handle of ['not json', '{}', '{"uploadId":"u","parts":[{"PartNumber":"1"}]}']) {
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

  it('listStaged asks ListMultipartUploads only when enabled (s3rver answers 501)', async () => {
    const { bucket } = await storageOn();
    const on = new S3Storage({ client: clientFor(env.current.s3), bucket, retry: { maxAttempts: 1 } });
    await expect(on.listStaged('')).rejects.toMatchObject({ code: StorageErrorCode.UNAVAILABLE });
    const off = new S3Storage({ client: clientFor(env.current.s3), bucket, listStaged: false });
    expect(await off.listStaged('')).toEqual([]);
  });

  it('works over a client built with cacheMiddleware: true (the client setting the README recommends)', async () => {
    const bucket = bucketName();
    await env.current.s3.createBucket(bucket);
    const client = clientFor(env.current.s3, undefined, { cacheMiddleware: true });
    const log = recordRequests(client); // before the first request: later additions are not seen
    const storage = new S3Storage({ client, bucket, conditionalCreate: false, listStaged: false });
    expect(await storage.putIfAbsent('wal/1', pattern(3))).toBe('created');
    expect(await storage.putIfAbsent('wal/1', pattern(3))).toBe('exists');
    const writer = await storage.openStaged('data/1');
    await writer.write(pattern(1000));
    await storage.finalize(await writer.close());
    expect((await storage.list('')).objects.map((o) => [o.key, o.size])).toEqual([
      ['data/1', 1000],
      ['wal/1', 3],
    ]);
    expect(log.sent.map((r) => r.command.replace('Command', ''))).toEqual([
      'HeadObject',
      'PutObject',
      'HeadObject',
      'CreateMultipartUpload',
      'UploadPart',
      'CompleteMultipartUpload',
      'ListObjectsV2',
    ]);
  });

  it('a missing bucket is an invalid request, not retried', async () => {
    const storage = new S3Storage({ client: clientFor(env.current.s3), bucket: 'no-such-bucket-here' });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
      retriable: false,
    });
  });
});
