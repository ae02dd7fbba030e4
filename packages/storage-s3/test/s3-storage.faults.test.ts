import { inspect } from 'node:util';
import { StorageErrorCode } from '@sinkkit/core';
import { type FaultProxy, faults, s3Error, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage, type S3StorageOptions } from '../src/index.js';
import { bucketName, clientFor, pattern } from './support/s3.js';

const MiB = 1024 * 1024;
const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());
afterEach(() => proxy.clearFaults());

const isPart = (r: { method: string; query: URLSearchParams }) => r.method === 'PUT' && r.query.has('partNumber');
const isComplete = (r: { method: string; query: URLSearchParams }) => r.method === 'POST' && r.query.has('uploadId');

async function storageViaProxy(options: Partial<S3StorageOptions> = {}, clientOptions = {}) {
  const bucket = bucketName();
  await env.current.s3.createBucket(bucket);
  const client = clientFor(env.current.s3, proxy.url, clientOptions);
  return new S3Storage({ client, bucket, listStaged: false, retry: { baseMs: 1, capMs: 20 }, ...options });
}

async function stageAndFinalize(storage: S3Storage, key: string, data: Uint8Array, chunk = 256 * 1024) {
  const writer = await storage.openStaged(key);
  for (let offset = 0; offset < data.length; offset += chunk) await writer.write(data.subarray(offset, offset + chunk));
  const upload = await writer.close();
  await storage.finalize(upload);
  return upload;
}

describe('S3Storage under faults (through the fault proxy)', () => {
  it('rides out 503 SlowDown bursts on every kind of request; nothing is lost or duplicated', async () => {
    const storage = await storageViaProxy({ partSize: 5 * MiB });
    const data = pattern(12 * MiB, 11);
    const slowParts = proxy.addFault({ match: { predicate: isPart }, when: { first: 3 }, action: faults.s3SlowDown() });
    const slowComplete = proxy.addFault({
      match: { predicate: isComplete },
      when: { first: 2 },
      action: faults.s3SlowDown(),
    });
    const slowPut = proxy.addFault({
      match: { method: 'PUT', predicate: (r) => !isPart(r) },
      when: { first: 2 },
      action: faults.s3SlowDown(),
    });
    const slowReads = proxy.addFault({
      match: { method: ['GET', 'HEAD'] },
      when: { every: 2 },
      action: faults.s3SlowDown(),
    });

    const upload = await stageAndFinalize(storage, 'topics/t/0/file.bin', data);
    expect(await storage.putIfAbsent('wal/00000001', pattern(300))).toBe('created');
    slowReads.remove();

    expect([slowParts.fired, slowComplete.fired, slowPut.fired]).toEqual([3, 2, 2]);
    expect(JSON.parse(upload.handle).parts).toHaveLength(3);
    expect(Buffer.from((await storage.get('topics/t/0/file.bin')) ?? []).equals(data)).toBe(true);
    expect((await storage.list('')).objects.map((o) => [o.key, o.size])).toEqual([
      ['topics/t/0/file.bin', data.length],
      ['wal/00000001', 300],
    ]);
  });

  it('retries connection resets, including ones after the server acted, without losing or doubling data', async () => {
    const storage = await storageViaProxy({ partSize: 5 * MiB });
    const data = pattern(11 * MiB, 5);
    proxy.addFault({ match: { predicate: isPart }, when: { nth: 2 }, action: faults.reset() });
    proxy.addFault({ match: { predicate: isPart }, when: { nth: 3 }, action: faults.reset({ afterForward: true }) });
    // The completion happens, its answer is lost: the retry must recognise the finished object.
    const lostComplete = proxy.addFault({
      match: { predicate: isComplete },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    await stageAndFinalize(storage, 'reset/file.bin', data);
    expect(lostComplete.fired).toBe(1);

    // A create-only put that landed but whose answer was lost: the retry's 412 is about our own object.
    const lostPut = proxy.addFault({
      match: { method: 'PUT', predicate: (r) => !isPart(r) },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    expect(await storage.putIfAbsent('wal/00000002', pattern(200, 2))).toBe('created');
    expect(lostPut.fired).toBe(1);
    // ...but a different body at the key is someone else's.
    expect(await storage.putIfAbsent('wal/00000002', pattern(200, 3))).toBe('exists');

    const cut = proxy.addFault({ match: { method: 'GET' }, when: { first: 1 }, action: faults.cut(1000) });
    expect(Buffer.from((await storage.get('reset/file.bin')) ?? []).equals(data)).toBe(true);
    expect(cut.fired).toBe(1);
    expect((await storage.list('')).objects.map((o) => o.key)).toEqual(['reset/file.bin', 'wal/00000002']);
  });

  it('a part that fails for good fails the next write or close; abort still cleans up', async () => {
    const storage = await storageViaProxy({ partSize: 5 * MiB });
    proxy.addFault({
      match: { predicate: isPart },
      action: faults.error(s3Error(403, 'AccessDenied', 'Access Denied')),
    });
    const writer = await storage.openStaged('denied.bin');
    await writer.write(pattern(5 * MiB)); // fills a part: its upload starts in the background
    await expect(writer.close()).rejects.toMatchObject({ code: StorageErrorCode.ACCESS_DENIED });
    await writer.abort();
    expect(await storage.head('denied.bin')).toBeUndefined();
  });

  it('does not retry 403 AccessDenied', async () => {
    const storage = await storageViaProxy();
    const denied = proxy.addFault({
      match: { method: 'PUT' },
      action: faults.error(s3Error(403, 'AccessDenied', 'Access Denied')),
    });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.ACCESS_DENIED,
      retriable: false,
      operation: 'putIfAbsent',
      key: 'k',
    });
    expect(denied.matched).toBe(1);
  });

  it('gives up after the configured attempts with the retriable error, and the layers do not multiply by default', async () => {
    const always503 = () => proxy.addFault({ match: { method: 'PUT' }, action: faults.s3SlowDown() });
    // The adapter retries alone: the client is built with maxAttempts 1.
    let rule = always503();
    const adapterOnly = await storageViaProxy({ retry: { maxAttempts: 4, baseMs: 1, capMs: 5 } });
    await expect(adapterOnly.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.THROTTLED,
      retriable: true,
    });
    expect(rule.matched).toBe(4);
    rule.remove();

    // The client retries on its own (the SDK's default 3 attempts): the adapter does not add a layer.
    rule = always503();
    const sdkOnly = await storageViaProxy(
      { retry: { baseMs: 1, capMs: 5 } },
      { maxAttempts: 3, retryMode: 'standard' },
    );
    await expect(sdkOnly.putIfAbsent('k', pattern(1))).rejects.toMatchObject({ code: StorageErrorCode.THROTTLED });
    expect(rule.matched).toBe(3);
    rule.remove();

    // Adapter default with a non-retrying client: 5 attempts.
    rule = always503();
    const adapterDefault = await storageViaProxy({ retry: { baseMs: 1, capMs: 5 } });
    await expect(adapterDefault.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.THROTTLED,
    });
    expect(rule.matched).toBe(5);
  });

  it('never puts the secret access key or request signatures in error messages or serialized errors', async () => {
    const secretAccessKey = 'wJalrXUtnFEMI-K7MDENG-do-not-leak';
    const storage = await storageViaProxy(
      { retry: { maxAttempts: 2, baseMs: 1, capMs: 5 } },
      { credentials: { accessKeyId: 'AKIASINKKITTEST', secretAccessKey } },
    );
    proxy.addFault({ match: { method: 'PUT' }, action: faults.error(s3Error(403, 'SignatureDoesNotMatch', 'no')) });
    proxy.addFault({ match: { method: 'GET' }, action: faults.s3SlowDown() });
    proxy.addFault({ match: { method: 'HEAD' }, action: faults.reset() });
    const errors = await Promise.all([
      storage.putIfAbsent('a', pattern(1)).catch((e: unknown) => e),
      storage.get('b').catch((e: unknown) => e),
      storage.head('c').catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as { code: string }).code)).toEqual([
      StorageErrorCode.ACCESS_DENIED,
      StorageErrorCode.THROTTLED,
      StorageErrorCode.UNAVAILABLE,
    ]);
    for (const error of errors) {
      for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 30 })]) {
        expect(text).not.toContain(secretAccessKey);
        expect(text).not.toContain('Signature=');
      }
    }
  });
});
