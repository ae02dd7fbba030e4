import { ConfigError, StorageErrorCode } from '@sinkkit/core';
import { type FaultProxy, faults, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStorageFromUrl } from '../../src/config/storage-from-config.js';
import { storeConfigDef } from '../../src/config/store-config-def.js';

const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint });
});
afterAll(() => proxy?.stop());
afterEach(() => proxy.clearFaults());

/** An S3 store built from the keys alone, reached through the fault proxy. */
async function s3Store(keys: Record<string, string>) {
  const bucket = `t-${Math.random().toString(36).slice(2, 10)}`;
  await env.current.s3.createBucket(bucket);
  return openStorageFromUrl(`s3://${bucket}/sink`, {
    'store.url.endpoint': proxy.url,
    's3.path.style.access.enabled': 'true',
    'aws.access.key.id': 'S3RVER',
    'aws.secret.access.key': 'S3RVER',
    's3.conditional.create': 'false',
    's3.retry.backoff.ms': '1',
    ...keys,
  });
}

const hangOnePut = () => proxy.addFault({ match: { method: 'PUT' }, when: { first: 1 }, action: faults.hang() });

describe('store timeout and retry keys', () => {
  it('store.request.timeout.ms bounds each attempt: a hung write is abandoned and retried', async () => {
    const store = await s3Store({ 'store.request.timeout.ms': '600', 'store.socket.timeout.ms': '0' });
    const hang = hangOnePut();
    const started = Date.now();
    expect(await store.storage.putIfAbsent('wal/1', new Uint8Array([1]))).toBe('created');
    const ms = Date.now() - started;
    store.close();
    expect(hang.fired).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(580);
    expect(ms).toBeLessThan(3000);
  });

  it("store.socket.timeout.ms reaches the S3 client's handler: a silent connection is closed and the write retried", async () => {
    const store = await s3Store({ 'store.request.timeout.ms': '0', 'store.socket.timeout.ms': '600' });
    const hang = hangOnePut();
    const started = Date.now();
    expect(await store.storage.putIfAbsent('wal/1', new Uint8Array([1]))).toBe('created');
    const ms = Date.now() - started;
    store.close();
    expect(hang.fired).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(580);
    expect(ms).toBeLessThan(3000);
  });

  it('s3.part.retries sets the attempts: 2 retries are 3 requests, then a retriable failure', async () => {
    const store = await s3Store({ 's3.part.retries': '2' });
    const busy = proxy.addFault({ match: { method: 'PUT' }, action: faults.s3SlowDown() });
    await expect(store.storage.putIfAbsent('wal/1', new Uint8Array([1]))).rejects.toMatchObject({
      code: StorageErrorCode.THROTTLED,
      retriable: true,
    });
    store.close();
    expect(busy.matched).toBe(3);
  });

  it('refuses a negative timeout or retry count, naming the key and the value', () => {
    for (const key of [
      'store.request.timeout.ms',
      'store.connect.timeout.ms',
      'store.socket.timeout.ms',
      's3.part.retries',
    ]) {
      const parse = () => storeConfigDef().parse({ 'store.url': 's3://b', [key]: '-1' });
      expect(parse).toThrow(ConfigError);
      expect(parse).toThrow(new RegExp(`-1.*${key.replaceAll('.', '\\.')}`));
    }
  });
});
