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
import { AzureBlobStorage, type AzureBlobStorageOptions } from '../src/index.js';
import { containerFor, newContainer, pattern } from './support/azure.js';

const MiB = 1024 * 1024;
const TIMEOUT_MS = 800;
const env = useTestEnvironment({ azure: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: new URL(env.current.azure.blobEndpoint).origin });
});
afterAll(() => proxy?.stop());
afterEach(() => proxy.clearFaults());

type Req = { method: string; path: string; query: URLSearchParams };
const isBlock = (r: Req) => r.method === 'PUT' && r.query.get('comp') === 'block';
const isCommit = (r: Req) => r.method === 'PUT' && r.query.get('comp') === 'blocklist';
const isWalPut = (r: Req) => r.method === 'PUT' && !r.query.has('comp') && r.path.includes('/_sinkkit/wal/');
const isList = (r: Req) => r.method === 'GET' && r.query.get('comp') === 'list';

async function storageViaProxy(options: Partial<AzureBlobStorageOptions> = {}) {
  const name = await newContainer(env.current.azure);
  const failures: StoreAttemptFailure[] = [];
  // No tryTimeoutInMs on the pipeline: the adapter's per-attempt bound is what ends a hang.
  const container = containerFor(env.current.azure, name, proxy.url);
  const storage = new AzureBlobStorage({
    container,
    blockSize: MiB,
    retry: { maxAttempts: 3, baseMs: 1, capMs: 5 },
    requestTimeoutMs: TIMEOUT_MS,
    onFailure: (f) => failures.push(f),
    ...options,
  });
  return { storage, failures };
}

describe('AzureBlobStorage with a request that never gets an answer (fault proxy hang)', () => {
  it('times out one hung request of each kind within the bound and succeeds on the retry', async () => {
    const { storage, failures } = await storageViaProxy();
    const hang = (predicate: (r: Req) => boolean) =>
      proxy.addFault({ match: { predicate }, when: { first: 1 }, action: faults.hang() });
    const hangs = [hang(isBlock), hang(isCommit)];
    const data = pattern(2.5 * MiB, 3);

    const staged = await timed(async () => {
      const writer = await storage.openStaged('topics/t/0/file.bin');
      await writer.write(data);
      const upload = await writer.close();
      await storage.finalize(upload);
    });
    hangs.push(hang(isWalPut));
    const wal = await timed(() => storage.putIfAbsent('_sinkkit/wal/t/0/00000001', pattern(100)));
    hangs.push(hang(isList));
    const listed = await timed(() => storage.list('topics/'));

    expect(hangs.map((h) => h.fired)).toEqual([1, 1, 1, 1]);
    expect(wal.value).toBe('created');
    expect(listed.value.objects.map((o) => [o.key, o.size])).toEqual([['topics/t/0/file.bin', data.length]]);
    expect(staged.ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - 20);
    expect(staged.ms).toBeLessThan(2 * TIMEOUT_MS + 4000);
    for (const one of [wal, listed]) {
      expect(one.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(one.ms).toBeLessThan(TIMEOUT_MS + 3000);
    }
    expect(failures.map((f) => [f.operation, f.attempt, f.willRetry, f.error.code])).toEqual([
      ['stageBlock', 1, true, StorageErrorCode.UNAVAILABLE],
      ['finalize', 1, true, StorageErrorCode.UNAVAILABLE],
      ['putIfAbsent', 1, true, StorageErrorCode.UNAVAILABLE],
      ['list', 1, true, StorageErrorCode.UNAVAILABLE],
    ]);
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
    proxy.addFault({ match: { predicate: isList }, action: faults.azureServerBusy() });
    await assertStopsRetryingOnAbort(stop, storage.list(''));
  });
});
