import { inspect } from 'node:util';
import { StorageErrorCode } from '@sinkkit/core';
import { type FaultProxy, faults, startFaultProxy } from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OssStorage, type OssStorageOptions } from '../src/index.js';
import { bucketName, clientFor, ossError, pattern } from './support/oss.js';
import { type OssDouble, startOssDouble } from './support/oss-double.js';

const KiB = 1024;
const secret = 'oss-fault-secret-do-not-leak';
const stsToken = 'CAIS-fault-session-token-do-not-leak';
let double: OssDouble;
let proxy: FaultProxy;
beforeAll(async () => {
  double = await startOssDouble({ credentials: { accessKeySecret: secret, stsToken } });
  // The double enforces x-oss-forbid-overwrite itself; the proxy only injects faults.
  proxy = await startFaultProxy({ target: double.endpoint });
});
afterAll(async () => {
  await proxy?.stop();
  await double?.stop();
});
afterEach(() => proxy.clearFaults());

type Req = { method: string; query: URLSearchParams };
const isPart = (r: Req) => r.method === 'PUT' && r.query.has('partNumber');
const isComplete = (r: Req) => r.method === 'POST' && r.query.has('uploadId');
const busy = () => faults.error(ossError(503, 'ServiceUnavailable', 'Please reduce your request rate.'));

function storageViaProxy(options: Partial<OssStorageOptions> = {}, clientOptions = {}) {
  const bucket = bucketName();
  double.createBucket(bucket);
  const client = clientFor(double, bucket, { endpoint: proxy.url, ...clientOptions });
  return new OssStorage({ client, retry: { baseMs: 1, capMs: 20 }, partSize: 100 * KiB, ...options });
}

async function stageAndFinalize(storage: OssStorage, key: string, data: Uint8Array, chunk = 64 * KiB) {
  const writer = await storage.openStaged(key);
  for (let offset = 0; offset < data.length; offset += chunk) await writer.write(data.subarray(offset, offset + chunk));
  const upload = await writer.close();
  await storage.finalize(upload);
  return upload;
}

describe('OssStorage under faults (fault proxy in front of the OSS test double)', () => {
  it('rides out 503 bursts on every kind of request; nothing is lost or duplicated', async () => {
    const storage = storageViaProxy();
    const data = pattern(350 * KiB, 11);
    const slowParts = proxy.addFault({ match: { predicate: isPart }, when: { first: 3 }, action: busy() });
    const slowComplete = proxy.addFault({ match: { predicate: isComplete }, when: { first: 2 }, action: busy() });
    const slowPut = proxy.addFault({
      match: { method: 'PUT', predicate: (r) => !isPart(r) },
      when: { first: 2 },
      action: busy(),
    });
    const slowReads = proxy.addFault({ match: { method: ['GET', 'HEAD'] }, when: { every: 2 }, action: busy() });

    const upload = await stageAndFinalize(storage, 'topics/t/0/file.bin', data);
    expect(await storage.putIfAbsent('wal/00000001', pattern(300))).toBe('created');
    expect(Buffer.from((await storage.get('topics/t/0/file.bin')) ?? []).equals(data)).toBe(true);
    expect((await storage.list('')).objects.map((o) => [o.key, o.size])).toEqual([
      ['topics/t/0/file.bin', data.length],
      ['wal/00000001', 300],
    ]);
    slowReads.remove();
    expect([slowParts.fired, slowComplete.fired, slowPut.fired]).toEqual([3, 2, 2]);
    expect(JSON.parse(upload.handle).parts).toHaveLength(4);
  });

  it('retries connection resets, including ones after the server acted, without losing or doubling data', async () => {
    const storage = storageViaProxy();
    const data = pattern(330 * KiB, 5);
    proxy.addFault({ match: { predicate: isPart }, when: { nth: 2 }, action: faults.reset() });
    proxy.addFault({ match: { predicate: isPart }, when: { nth: 3 }, action: faults.reset({ afterForward: true }) });
    // The completion happens, its answer is lost: the retry's 409/NoSuchUpload must be recognised.
    const lostComplete = proxy.addFault({
      match: { predicate: isComplete },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    await stageAndFinalize(storage, 'reset/file.bin', data);
    expect(lostComplete.fired).toBe(1);

    // A create-only put that landed but whose answer was lost: the retry's 409 is about our own object.
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
    const storage = storageViaProxy();
    proxy.addFault({ match: { predicate: isPart }, action: faults.error(ossError(403, 'AccessDenied', 'denied')) });
    const writer = await storage.openStaged('denied.bin');
    await writer.write(pattern(100 * KiB)); // fills a part: its upload starts in the background
    await expect(writer.close()).rejects.toMatchObject({ code: StorageErrorCode.ACCESS_DENIED });
    await writer.abort();
    expect(await storage.head('denied.bin')).toBeUndefined();
    expect(await storage.listStaged('')).toEqual([]);
  });

  it('does not retry 403 AccessDenied', async () => {
    const storage = storageViaProxy();
    const denied = proxy.addFault({
      match: { method: 'PUT' },
      action: faults.error(ossError(403, 'AccessDenied', 'You have no right to access this object.')),
    });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.ACCESS_DENIED,
      retriable: false,
      operation: 'putIfAbsent',
      key: 'k',
    });
    expect(denied.matched).toBe(1);
  });

  it('retry layering: the adapter retries HTTP answers; no-answer failures are left to ali-oss retryMax when it is set', async () => {
    // retryMax 0 (ali-oss default): the adapter alone, 5 attempts for 503s and for resets.
    let rule = proxy.addFault({ match: { method: 'PUT' }, action: busy() });
    await expect(storageViaProxy().putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.THROTTLED,
    });
    expect(rule.matched).toBe(5);
    rule.remove();
    rule = proxy.addFault({ match: { method: 'PUT' }, action: faults.reset() });
    await expect(storageViaProxy().putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.UNAVAILABLE,
      retriable: true,
    });
    expect(rule.matched).toBe(5);
    rule.remove();

    // retryMax 2: ali-oss repeats a reset PUT (3 requests) and the adapter adds nothing...
    rule = proxy.addFault({ match: { method: 'PUT' }, action: faults.reset() });
    await expect(storageViaProxy({}, { retryMax: 2 }).putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.UNAVAILABLE,
    });
    expect(rule.matched).toBe(3);
    rule.remove();
    // ...while 503s, which ali-oss never retries, still get the adapter's 5 attempts.
    rule = proxy.addFault({ match: { method: 'PUT' }, action: busy() });
    await expect(storageViaProxy({}, { retryMax: 2 }).putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.THROTTLED,
    });
    expect(rule.matched).toBe(5);
    rule.remove();

    // An explicit retry.maxAttempts is used as given.
    rule = proxy.addFault({ match: { method: 'PUT' }, action: busy() });
    const explicit = storageViaProxy({ retry: { maxAttempts: 2, baseMs: 1, capMs: 5 } });
    await expect(explicit.putIfAbsent('k', pattern(1))).rejects.toMatchObject({ code: StorageErrorCode.THROTTLED });
    expect(rule.matched).toBe(2);
  });

  it('never puts the access key secret, the STS token, Authorization or signatures in errors', async () => {
    const storage = storageViaProxy({ retry: { maxAttempts: 2, baseMs: 1, capMs: 5 } });
    proxy.addFault({ match: { method: 'PUT' }, action: faults.error(ossError(403, 'SignatureDoesNotMatch', 'no')) });
    proxy.addFault({ match: { method: 'GET' }, action: busy() });
    proxy.addFault({ match: { method: 'HEAD' }, action: faults.reset() });
    proxy.addFault({ match: { method: 'DELETE' }, action: faults.error(ossError(500, 'InternalError', 'oops')) });
    const errors = await Promise.all([
      storage.putIfAbsent('a', pattern(1)).catch((e: unknown) => e),
      storage.get('b').catch((e: unknown) => e),
      storage.head('c').catch((e: unknown) => e),
      storage.delete('d').catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as { code: string }).code)).toEqual([
      StorageErrorCode.ACCESS_DENIED,
      StorageErrorCode.THROTTLED,
      StorageErrorCode.UNAVAILABLE,
      StorageErrorCode.UNAVAILABLE,
    ]);
    const signatures = double.requests.map((r) => String(r.headers.authorization).split(':')[1]).filter(Boolean);
    for (const error of errors) {
      for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 30 })]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(stsToken);
        expect(text).not.toMatch(/OSS LTAI[^ ]*:/);
        for (const signature of signatures) expect(text).not.toContain(signature);
      }
    }
  });
});
