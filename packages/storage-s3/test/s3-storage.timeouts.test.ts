import { StorageErrorCode, type StoreAttemptFailure } from '@sinkkit/core';
import {
  assertRetriableWhenEveryTryHangs,
  assertStopsRetryingOnAbort,
  type FaultProxy,
  faults,
  startFaultProxy,
  timed,
  useTestEnvironment,
} from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage, type S3StorageOptions } from '../src/index.js';
import { bucketName, clientFor, pattern } from './support/s3.js';

const MiB = 1024 * 1024;
const TIMEOUT_MS = 800;
const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());
afterEach(() => proxy.clearFaults());

type Req = { method: string; path: string; query: URLSearchParams };
const isPart = (r: Req) => r.method === 'PUT' && r.query.has('partNumber');
const isComplete = (r: Req) => r.method === 'POST' && r.query.has('uploadId');
const isWalPut = (r: Req) => r.method === 'PUT' && !r.query.has('partNumber') && r.path.includes('/wal/');
const isList = (r: Req) => r.method === 'GET' && r.query.has('list-type');

async function storageViaProxy(options: Partial<S3StorageOptions> = {}) {
  const bucket = bucketName();
  await env.current.s3.createBucket(bucket);
  const failures: StoreAttemptFailure[] = [];
  // A client with no timeouts of its own: the adapter's per-attempt bound is what ends a hang.
  const storage = new S3Storage({
    client: clientFor(env.current.s3, proxy.url),
    bucket,
    listStaged: false,
    retry: { maxAttempts: 3, baseMs: 1, capMs: 5 },
    requestTimeoutMs: TIMEOUT_MS,
    onFailure: (f) => failures.push(f),
    ...options,
  });
  return { storage, failures };
}

describe('S3Storage with a request that never gets an answer (fault proxy hang)', () => {
  it('times out one hung request of each kind within the bound and succeeds on the retry', async () => {
    const { storage, failures } = await storageViaProxy({ partSize: 5 * MiB });
    const hangs = [isPart, isComplete, isWalPut, isList].map((predicate) =>
      proxy.addFault({ match: { predicate }, when: { first: 1 }, action: faults.hang() }),
    );
    const data = pattern(6 * MiB, 3);

    const staged = await timed(async () => {
      const writer = await storage.openStaged('topics/t/0/file.bin');
      await writer.write(data);
      const upload = await writer.close();
      await storage.finalize(upload);
    });
    const wal = await timed(() => storage.putIfAbsent('_sinkkit/wal/t/0/00000001', pattern(100)));
    const listed = await timed(() => storage.list('topics/'));

    expect(hangs.map((h) => h.fired)).toEqual([1, 1, 1, 1]);
    expect(wal.value).toBe('created');
    expect(listed.value.objects.map((o) => [o.key, o.size])).toEqual([['topics/t/0/file.bin', data.length]]);
    // Two hangs (a part, the completion) in the staged file; each cost one bound, not forever.
    expect(staged.ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - 20);
    expect(staged.ms).toBeLessThan(2 * TIMEOUT_MS + 3000);
    for (const one of [wal, listed]) {
      expect(one.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(one.ms).toBeLessThan(TIMEOUT_MS + 2000);
    }
    expect(failures.map((f) => [f.operation, f.attempt, f.willRetry, f.error.code])).toEqual([
      ['uploadPart', 1, true, StorageErrorCode.UNAVAILABLE],
      ['finalize', 1, true, StorageErrorCode.UNAVAILABLE],
      ['putIfAbsent', 1, true, StorageErrorCode.UNAVAILABLE],
      ['list', 1, true, StorageErrorCode.UNAVAILABLE],
    ]);
    expect(failures[0]?.error.message).toContain('store.request.timeout.ms');
    expect(Buffer.from((await storage.get('topics/t/0/file.bin')) ?? []).equals(data)).toBe(true);
  });

  it('fails with a retriable error, after the configured attempts, when every try hangs', async () => {
    const { storage, failures } = await storageViaProxy();
    const hang = proxy.addFault({ match: { predicate: isWalPut }, action: faults.hang() });
    await assertRetriableWhenEveryTryHangs(() => storage.putIfAbsent('_sinkkit/wal/t/0/00000001', pattern(10)), {
      operation: 'putIfAbsent',
      timeoutMs: TIMEOUT_MS,
      attempts: 3,
      hang,
      failures,
    });
  });

  it('stops retrying at once when its signal aborts, with a non-retriable STORAGE_STOPPED error', async () => {
    const stop = new AbortController();
    const { storage } = await storageViaProxy({
      signal: stop.signal,
      retry: { maxAttempts: 50, baseMs: 5000, capMs: 5000 },
    });
    proxy.addFault({ match: { method: 'GET' }, action: faults.s3SlowDown() });
    await assertStopsRetryingOnAbort(stop, storage.list(''), 'list');
    await expect(storage.head('k')).rejects.toMatchObject({ code: StorageErrorCode.STOPPED });
  });
});
