import { inspect } from 'node:util';
import { AnonymousCredential, ContainerClient, ContainerSASPermissions } from '@azure/storage-blob';
import { StorageErrorCode } from '@sinkkit/core';
import { azureError, type FaultProxy, faults, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStorage, type AzureBlobStorageOptions } from '../src/index.js';
import { containerFor, newContainer, pattern } from './support/azure.js';

const MiB = 1024 * 1024;
const env = useTestEnvironment({ azure: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: new URL(env.current.azure.blobEndpoint).origin });
});
afterAll(() => proxy?.stop());
afterEach(() => proxy.clearFaults());

type Request = { method: string; query: URLSearchParams };
const isBlock = (r: Request) => r.method === 'PUT' && r.query.get('comp') === 'block';
const isCommit = (r: Request) => r.method === 'PUT' && r.query.get('comp') === 'blocklist';
const isPutBlob = (r: Request) => r.method === 'PUT' && !r.query.has('comp') && !r.query.has('restype');
const denied = () =>
  azureError(
    403,
    'AuthorizationPermissionMismatch',
    'This request is not authorized to perform this operation using this permission.',
  );

async function storageViaProxy(options: Partial<AzureBlobStorageOptions> = {}, maxTries = 1) {
  const name = await newContainer(env.current.azure);
  const container = containerFor(env.current.azure, name, proxy.url, {
    retryOptions: { maxTries, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
  });
  return new AzureBlobStorage({ container, blockSize: MiB, retry: { baseMs: 1, capMs: 20 }, ...options });
}

async function stageAndFinalize(storage: AzureBlobStorage, key: string, data: Uint8Array, chunk = 256 * 1024) {
  const writer = await storage.openStaged(key);
  for (let offset = 0; offset < data.length; offset += chunk) await writer.write(data.subarray(offset, offset + chunk));
  const upload = await writer.close();
  await storage.finalize(upload);
  return upload;
}

describe('AzureBlobStorage under faults (through the fault proxy in front of Azurite)', () => {
  it('rides out 503 ServerBusy bursts on every kind of request; nothing is lost or duplicated', async () => {
    const storage = await storageViaProxy();
    const data = pattern(3.5 * MiB, 11);
    const busyBlocks = proxy.addFault({
      match: { predicate: isBlock },
      when: { first: 3 },
      action: faults.azureServerBusy(),
    });
    const busyCommit = proxy.addFault({
      match: { predicate: isCommit },
      when: { first: 2 },
      action: faults.azureServerBusy(),
    });
    const busyPut = proxy.addFault({
      match: { predicate: isPutBlob },
      when: { first: 2 },
      action: faults.azureInternalError(),
    });
    const busyReads = proxy.addFault({
      match: { method: ['GET', 'HEAD'] },
      when: { every: 2 },
      action: faults.azureServerBusy(),
    });

    const upload = await stageAndFinalize(storage, 'topics/t/0/file.bin', data);
    expect(await storage.putIfAbsent('wal/00000001', pattern(300))).toBe('created');
    busyReads.remove();

    expect([busyBlocks.fired, busyCommit.fired, busyPut.fired]).toEqual([3, 2, 2]);
    expect(JSON.parse(upload.handle).blockIds).toHaveLength(4);
    expect(Buffer.from((await storage.get('topics/t/0/file.bin')) ?? []).equals(data)).toBe(true);
    expect((await storage.list('')).objects.map((o) => [o.key, o.size])).toEqual([
      ['topics/t/0/file.bin', data.length],
      ['wal/00000001', 300],
    ]);
  });

  it('retries connection resets, including ones after the server acted, without losing or doubling data', async () => {
    const storage = await storageViaProxy();
    const data = pattern(2.5 * MiB, 5);
    proxy.addFault({ match: { predicate: isBlock }, when: { nth: 1 }, action: faults.reset() });
    proxy.addFault({ match: { predicate: isBlock }, when: { nth: 3 }, action: faults.reset({ afterForward: true }) });
    // The commit happens, its answer is lost: the retry's 409 must be recognised as our own object.
    const lostCommit = proxy.addFault({
      match: { predicate: isCommit },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    await stageAndFinalize(storage, 'reset/file.bin', data);
    expect(lostCommit.fired).toBe(1);

    // A create-only put that landed but whose answer was lost: the retry's 409 is about our own blob.
    const lostPut = proxy.addFault({
      match: { predicate: isPutBlob },
      when: { first: 1 },
      action: faults.reset({ afterForward: true }),
    });
    expect(await storage.putIfAbsent('wal/00000002', pattern(200, 2))).toBe('created');
    expect(lostPut.fired).toBe(1);
    // ...but a different body at the key is someone else's.
    expect(await storage.putIfAbsent('wal/00000002', pattern(200, 3))).toBe('exists');

    const cut = proxy.addFault({
      match: { method: 'GET', predicate: (r) => !r.query.has('comp') },
      when: { first: 1 },
      action: faults.cut(1000),
    });
    expect(Buffer.from((await storage.get('reset/file.bin')) ?? []).equals(data)).toBe(true);
    expect(cut.fired).toBe(1);
    expect((await storage.list('')).objects.map((o) => o.key)).toEqual(['reset/file.bin', 'wal/00000002']);
  });

  it('a block that fails for good fails the next write or close; abort still cleans up', async () => {
    const storage = await storageViaProxy();
    const rule = proxy.addFault({ match: { predicate: isBlock }, when: { first: 1 }, action: faults.error(denied()) });
    const writer = await storage.openStaged('denied.bin');
    await writer.write(pattern(MiB)); // fills a block: its upload starts in the background
    // The next block waits for the first: the failure surfaces here or at close.
    const second = await writer.write(pattern(MiB, 2)).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (second !== undefined) expect(second).toMatchObject({ code: StorageErrorCode.ACCESS_DENIED });
    await expect(writer.close()).rejects.toMatchObject({ code: StorageErrorCode.ACCESS_DENIED });
    await writer.abort();
    expect(rule.fired).toBe(1);
    expect(await storage.head('denied.bin')).toBeUndefined();
    expect(await storage.listStaged('')).toEqual([]);
  });

  it('does not retry 403 AuthorizationPermissionMismatch', async () => {
    const storage = await storageViaProxy();
    const rule = proxy.addFault({ match: { method: 'PUT' }, action: faults.error(denied()) });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.ACCESS_DENIED,
      retriable: false,
      operation: 'putIfAbsent',
      key: 'k',
    });
    expect(rule.matched).toBe(1);
  });

  it('gives up after the configured attempts with the retriable error, and the layers do not multiply by default', async () => {
    const always503 = () => proxy.addFault({ match: { method: 'PUT' }, action: faults.azureServerBusy() });
    let rule = always503();
    const adapterOnly = await storageViaProxy({ retry: { maxAttempts: 4, baseMs: 1, capMs: 5 } });
    await expect(adapterOnly.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.THROTTLED,
      retriable: true,
    });
    expect(rule.matched).toBe(4);
    rule.remove();

    // The client's pipeline retries on its own (3 tries): the adapter does not add a layer.
    rule = always503();
    const sdkOnly = await storageViaProxy({ retry: { baseMs: 1, capMs: 5 } }, 3);
    expect(sdkOnly.retryAttempts).toBe(1);
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

  it('never puts the account key, SAS signatures or signed URLs in error messages or serialized errors', async () => {
    const { accountKey } = env.current.azure;
    const shared = await storageViaProxy({ retry: { maxAttempts: 2, baseMs: 1, capMs: 5 } });
    const sasUrl = await containerFor(env.current.azure, shared.containerName, proxy.url).generateSasUrl({
      permissions: ContainerSASPermissions.parse('racwdl'),
      expiresOn: new Date(Date.now() + 3600_000),
    });
    expect(sasUrl).toContain('sig=');
    const sas = new AzureBlobStorage({
      container: new ContainerClient(sasUrl, new AnonymousCredential(), { retryOptions: { maxTries: 1 } }),
      retry: { maxAttempts: 2, baseMs: 1, capMs: 5 },
    });
    proxy.addFault({
      match: { method: 'PUT' },
      action: faults.error(
        azureError(403, 'AuthenticationFailed', `Server failed to authenticate the request. Signature: ${accountKey}`),
      ),
    });
    proxy.addFault({ match: { method: 'GET' }, action: faults.azureServerBusy() });
    proxy.addFault({ match: { method: 'HEAD' }, action: faults.reset() });
    const errors: unknown[] = [];
    for (const storage of [shared, sas]) {
      errors.push(
        await storage.putIfAbsent('a', pattern(1)).catch((e: unknown) => e),
        await storage.get('b').catch((e: unknown) => e),
        await storage.head('c').catch((e: unknown) => e),
      );
    }
    expect(errors.map((e) => (e as { code: string }).code)).toEqual([
      StorageErrorCode.ACCESS_DENIED,
      StorageErrorCode.THROTTLED,
      StorageErrorCode.UNAVAILABLE,
      StorageErrorCode.ACCESS_DENIED,
      StorageErrorCode.THROTTLED,
      StorageErrorCode.UNAVAILABLE,
    ]);
    const sig = new URL(sasUrl).searchParams.get('sig') ?? '';
    for (const error of errors) {
      for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 30 })]) {
        expect(text).not.toContain(accountKey);
        expect(text).not.toContain('AccountKey');
        expect(text).not.toContain('sig=');
        expect(text).not.toContain(sig);
      }
    }
  });
});
