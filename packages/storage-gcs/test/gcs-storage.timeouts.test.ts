import { StorageErrorCode, type StoreAttemptFailure } from '@sinkkit/core';
import {
  assertRetriableWhenEveryTryHangs,
  assertStopsRetryingOnAbort,
  faults,
  type ProxiedRequest,
  timed,
  useTestEnvironment,
} from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GcsStorage, type GcsStorageOptions } from '../src/index.js';
import { bucketName, clientFor, type GcsRig, pattern, startGcsRig } from './support/gcs.js';

const KiB = 1024;
const TIMEOUT_MS = 800;
const env = useTestEnvironment({ gcs: true }, { beforeAll, afterAll });
let rig: GcsRig;
beforeAll(async () => {
  rig = await startGcsRig(env.current.gcs);
});
afterAll(() => rig?.stop());
afterEach(() => rig.proxy.clearFaults());

const isUpload = (r: ProxiedRequest) => r.method === 'POST' && r.path.startsWith('/upload/');
const isPart = (r: ProxiedRequest) => isUpload(r) && (r.query.get('name') ?? '').startsWith('_sinkkit/staging/');
const isWalWrite = (r: ProxiedRequest) => isUpload(r) && (r.query.get('name') ?? '').startsWith('_sinkkit/wal/');
const isCompose = (r: ProxiedRequest) => r.method === 'POST' && r.path.endsWith('/compose');
const isList = (r: ProxiedRequest) => r.method === 'GET' && /\/b\/[^/]+\/o$/.test(r.path);

async function storageViaProxy(options: Partial<GcsStorageOptions> = {}) {
  const name = bucketName();
  await env.current.gcs.createBucket(name);
  const failures: StoreAttemptFailure[] = [];
  // No client timeout: the adapter's per-attempt bound is what ends a hang.
  const bucket = clientFor(env.current.gcs, rig.proxy.url).bucket(name);
  const storage = new GcsStorage({
    bucket,
    chunkSize: 256 * KiB,
    retry: { maxAttempts: 3, baseMs: 1, capMs: 5 },
    requestTimeoutMs: TIMEOUT_MS,
    onFailure: (f) => failures.push(f),
    ...options,
  });
  return { storage, failures };
}

describe('GcsStorage with a request that never gets an answer (fault proxy hang)', () => {
  it('times out one hung request of each kind within the bound and succeeds on the retry', async () => {
    const { storage, failures } = await storageViaProxy();
    // Each hang is added just before its call: finalizing also lists (to delete the temporary parts).
    const hang = (predicate: (r: ProxiedRequest) => boolean) =>
      rig.proxy.addFault({ match: { predicate }, when: { first: 1 }, action: faults.hang() });
    const hangs = [hang(isPart), hang(isCompose)];
    const data = pattern(600 * KiB, 3); // 3 parts: finalized by a compose

    const staged = await timed(async () => {
      const writer = await storage.openStaged('topics/t/0/file.bin');
      await writer.write(data);
      const upload = await writer.close();
      await storage.finalize(upload);
    });
    hangs.push(hang(isWalWrite));
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
      ['uploadPart', 1, true, StorageErrorCode.UNAVAILABLE],
      ['finalize', 1, true, StorageErrorCode.UNAVAILABLE],
      ['putIfAbsent', 1, true, StorageErrorCode.UNAVAILABLE],
      ['list', 1, true, StorageErrorCode.UNAVAILABLE],
    ]);
    expect(Buffer.from((await storage.get('topics/t/0/file.bin')) ?? []).equals(data)).toBe(true);
  });

  it('fails with a retriable error, after the configured attempts, when every try hangs', async () => {
    const { storage, failures } = await storageViaProxy();
    const hang = rig.proxy.addFault({ match: { predicate: isList }, action: faults.hang() });
    await assertRetriableWhenEveryTryHangs(() => storage.list(''), {
      operation: 'list',
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
    rig.proxy.addFault({ match: { predicate: isList }, action: faults.gcsBackendError() });
    await assertStopsRetryingOnAbort(stop, storage.list(''));
  });
});
