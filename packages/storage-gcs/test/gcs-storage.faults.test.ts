import { inspect } from 'node:util';
import type { StorageOptions } from '@google-cloud/storage';
import { StorageErrorCode } from '@sinkkit/core';
import { faults, gcsError, type ProxiedRequest, useTestEnvironment } from '@sinkkit/testkit';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GcsStorage, type GcsStorageOptions } from '../src/index.js';
import { bucketName, clientFor, type GcsRig, pattern, startGcsRig } from './support/gcs.js';

const KiB = 1024;
const env = useTestEnvironment({ gcs: true }, { beforeAll, afterAll });
let rig: GcsRig;
beforeAll(async () => {
  rig = await startGcsRig(env.current.gcs);
});
afterAll(() => rig?.stop());
afterEach(() => rig.proxy.clearFaults());

const isUpload = (r: ProxiedRequest) => r.method === 'POST' && r.path.startsWith('/upload/');
const isPart = (r: ProxiedRequest) => isUpload(r) && (r.query.get('name') ?? '').startsWith('_sinkkit/staging/');
const isCreate = (r: ProxiedRequest) => isUpload(r) && r.query.get('ifGenerationMatch') === '0';
const isCompose = (r: ProxiedRequest) => r.method === 'POST' && r.path.endsWith('/compose');
const isCopy = (r: ProxiedRequest) => r.method === 'POST' && r.path.includes('/rewriteTo/');

async function storageViaProxy(
  options: Partial<GcsStorageOptions> = {},
  retryOptions: StorageOptions['retryOptions'] = { autoRetry: false },
  extra: StorageOptions = {},
) {
  const name = bucketName();
  await env.current.gcs.createBucket(name);
  const bucket = clientFor(env.current.gcs, rig.proxy.url, retryOptions, extra).bucket(name);
  return new GcsStorage({ bucket, chunkSize: 256 * KiB, retry: { baseMs: 1, capMs: 20 }, ...options });
}

async function stageAndFinalize(storage: GcsStorage, key: string, data: Uint8Array, chunk = 100_000) {
  const writer = await storage.openStaged(key);
  for (let offset = 0; offset < data.length; offset += chunk) await writer.write(data.subarray(offset, offset + chunk));
  const upload = await writer.close();
  await storage.finalize(upload);
  return upload;
}

describe('GcsStorage under faults (through the fault proxy)', () => {
  it('rides out 503 backendError and 429 rateLimitExceeded bursts on every kind of request; nothing lost or doubled', async () => {
    const storage = await storageViaProxy();
    const data = pattern(2 * 1024 * KiB + 5, 11); // 9 parts: a compose
    const rules = [
      rig.proxy.addFault({ match: { predicate: isPart }, when: { first: 3 }, action: faults.gcsBackendError() }),
      rig.proxy.addFault({ match: { predicate: isCompose }, when: { first: 2 }, action: faults.gcsRateLimited() }),
      rig.proxy.addFault({ match: { predicate: isCreate }, when: { first: 2 }, action: faults.gcsRateLimited() }),
      rig.proxy.addFault({ match: { predicate: isCopy }, when: { first: 1 }, action: faults.gcsBackendError() }),
      rig.proxy.addFault({ match: { method: 'DELETE' }, when: { every: 3 }, action: faults.gcsBackendError() }),
    ];
    const reads = rig.proxy.addFault({
      match: { method: 'GET' },
      when: { every: 2 },
      action: faults.gcsBackendError(),
    });

    await stageAndFinalize(storage, 'topics/t/0/file.bin', data);
    await stageAndFinalize(storage, 'topics/t/0/small.bin', pattern(1000, 2)); // one part: a copy
    expect(await storage.putIfAbsent('wal/00000001', pattern(300))).toBe('created');
    reads.remove();

    expect(rules.slice(0, 4).map((r) => r.fired)).toEqual([3, 2, 2, 1]);
    expect(Buffer.from((await storage.get('topics/t/0/file.bin')) ?? []).equals(data)).toBe(true);
    expect((await storage.list('')).objects.map((o) => [o.key, o.size])).toEqual([
      ['topics/t/0/file.bin', data.length],
      ['topics/t/0/small.bin', 1000],
      ['wal/00000001', 300],
    ]);
    expect(await storage.listStaged('')).toEqual([]);
  });

  it('retries connection resets, including ones after the server acted, without losing or doubling data', async () => {
    const storage = await storageViaProxy({ readStallMs: 500 });
    const data = pattern(1024 * KiB + 77, 5);
    rig.proxy.addFault({ match: { predicate: isPart }, when: { nth: 2 }, action: faults.reset() });
    rig.proxy.addFault({
      match: { predicate: isPart },
      when: { nth: 3 },
      action: faults.reset({ afterForward: true }),
    });
    // The compose happens, its answer is lost: the retry's 412 is about our own object.
    const lostCompose = rig.proxy.addFault({
      match: { predicate: isCompose },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    await stageAndFinalize(storage, 'reset/file.bin', data);
    expect(lostCompose.fired).toBe(1);

    // A create-only write that landed but whose answer was lost: the retry's 412 finds our write id.
    const lostPut = rig.proxy.addFault({
      match: { predicate: isCreate },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    expect(await storage.putIfAbsent('wal/00000002', pattern(200, 2))).toBe('created');
    expect(lostPut.fired).toBe(1);
    // ...and the same bytes from another writer are still someone else's.
    expect(await storage.putIfAbsent('wal/00000002', pattern(200, 2))).toBe('exists');

    const cut = rig.proxy.addFault({ match: { method: 'GET' }, when: { first: 1 }, action: faults.cut(1000) });
    expect(Buffer.from((await storage.get('reset/file.bin')) ?? []).equals(data)).toBe(true);
    expect(cut.fired).toBe(1);
    expect((await storage.list('')).objects.map((o) => o.key)).toEqual(['reset/file.bin', 'wal/00000002']);
  });

  it('a part that fails for good fails the next write or close; abort still cleans up', async () => {
    const storage = await storageViaProxy();
    rig.proxy.addFault({
      match: { predicate: isPart },
      when: { nth: 1 },
      action: faults.error(gcsError(403, 'forbidden', 'no')),
    });
    const writer = await storage.openStaged('denied.bin');
    await writer.write(pattern(300 * KiB)); // fills a chunk: its upload starts in the background
    await expect(writer.close()).rejects.toMatchObject({ code: StorageErrorCode.ACCESS_DENIED });
    await writer.abort();
    expect(await storage.head('denied.bin')).toBeUndefined();
    expect(await storage.listStaged('')).toEqual([]);
  });

  it('does not retry 403', async () => {
    const storage = await storageViaProxy();
    const denied = rig.proxy.addFault({
      match: { predicate: isUpload },
      action: faults.error(gcsError(403, 'forbidden', 'caller does not have storage.objects.create access')),
    });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.ACCESS_DENIED,
      retriable: false,
      operation: 'putIfAbsent',
      key: 'k',
    });
    expect(denied.matched).toBe(1);
  });

  it('gives up after the configured attempts, and the layers do not multiply by default', async () => {
    const always503 = (predicate: (r: ProxiedRequest) => boolean) =>
      rig.proxy.addFault({ match: { predicate }, action: faults.gcsBackendError() });
    // The client does not retry (autoRetry: false): the adapter retries, as configured...
    let rule = always503(isCreate);
    const adapterOnly = await storageViaProxy({ retry: { maxAttempts: 4, baseMs: 1, capMs: 5 } });
    await expect(adapterOnly.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.UNAVAILABLE,
      retriable: true,
    });
    expect(rule.matched).toBe(4);
    rule.remove();

    // ...or 5 times by default.
    rule = always503(isCreate);
    const adapterDefault = await storageViaProxy({ retry: { baseMs: 1, capMs: 5 } });
    await expect(adapterDefault.putIfAbsent('k', pattern(1))).rejects.toMatchObject({ retriable: true });
    expect(rule.matched).toBe(5);
    rule.remove();

    // The client retries (autoRetry, 2 retries): it alone retries what it considers idempotent — a
    // write with ifGenerationMatch — and the adapter alone what it does not: an unconditional part.
    const clientRetries = { autoRetry: true, maxRetries: 2, retryDelayMultiplier: 1, maxRetryDelay: 1 };
    const layered = await storageViaProxy({ retry: { baseMs: 1, capMs: 5 } }, clientRetries);
    rule = always503(isCreate);
    await expect(layered.putIfAbsent('k', pattern(1))).rejects.toMatchObject({ retriable: true });
    expect(rule.matched).toBe(3);
    rule.remove();
    rule = always503(isPart);
    const writer = await layered.openStaged('part');
    await writer.write(pattern(10));
    await expect(writer.close()).rejects.toMatchObject({ retriable: true });
    expect(rule.matched).toBe(5);
  });

  it('never puts the access token or a signed URL in error messages or serialized errors', async () => {
    const token = 'ya29.sinkkit-test-token-do-not-leak';
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
    const storage = await storageViaProxy(
      { retry: { maxAttempts: 2, baseMs: 1, capMs: 5 } },
      { autoRetry: false },
      {
        authClient,
        useAuthWithCustomEndpoint: true,
      },
    );
    const signed = 'https://storage.googleapis.com/b/o?X-Goog-Signature=feedface&X-Goog-Credential=sa%40p';
    rig.proxy.addFault({
      match: { predicate: isUpload },
      action: faults.error(gcsError(401, 'authError', `bad ${token}`)),
    });
    rig.proxy.addFault({
      match: { method: 'GET' },
      action: faults.error(gcsError(503, 'backendError', `see ${signed}`)),
    });
    rig.proxy.addFault({ match: { method: 'DELETE' }, action: faults.reset() });
    const errors = await Promise.all([
      storage.putIfAbsent('a', pattern(1)).catch((e: unknown) => e),
      storage.get('b').catch((e: unknown) => e),
      storage.delete('c').catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as { code: string }).code)).toEqual([
      StorageErrorCode.ACCESS_DENIED,
      StorageErrorCode.UNAVAILABLE,
      StorageErrorCode.UNAVAILABLE,
    ]);
    for (const error of errors) {
      for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 30 })]) {
        expect(text).not.toContain('sinkkit-test-token');
        expect(text).not.toContain('feedface');
      }
    }
  });
});
