import { StorageErrorCode } from '@sinkkit/core';
import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStorage } from '../src/index.js';
import { containerFor, newContainer, pattern } from './support/azure.js';

const env = useTestEnvironment({ azure: true }, { beforeAll, afterAll });

async function twoInstances(prefix?: string) {
  const name = await newContainer(env.current.azure);
  const open = () =>
    new AzureBlobStorage({
      container: containerFor(env.current.azure, name),
      prefix,
      blockSize: 1000,
      retry: { baseMs: 1, capMs: 10 },
    });
  return { a: open(), b: open(), name };
}

async function stage(storage: AzureBlobStorage, key: string, data: Uint8Array) {
  const writer = await storage.openStaged(key);
  await writer.write(data);
  return writer.close();
}

describe('AzureBlobStorage', () => {
  it('keys are relative to the prefix: written under it, listed without it', async () => {
    const { a, name } = await twoInstances('sink/v1');
    await a.putIfAbsent('a/1.json', pattern(3));
    const raw = new AzureBlobStorage({ container: containerFor(env.current.azure, name) });
    expect((await raw.head('sink/v1/a/1.json'))?.size).toBe(3);
    expect((await a.list('a/')).objects.map((o) => o.key)).toEqual(['a/1.json']);
    expect((await raw.list('')).objects.map((o) => o.key)).toEqual(['sink/v1/a/1.json']);
  });

  it('fencing: two instances race to finalize different uploads of one key, exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const { a, b } = await twoInstances();
      const key = `topics/t/0/t+0+${round}.json`;
      const [ua, ub] = await Promise.all([stage(a, key, pattern(3000, 1)), stage(b, key, pattern(3100, 2))]);
      const results = await Promise.allSettled([a.finalize(ua), b.finalize(ub)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      // The loser either finds the winner's object (409) or its own blocks dropped by the winner's commit.
      expect([StorageErrorCode.INVALID_REQUEST, StorageErrorCode.STAGED_UPLOAD_LOST]).toContain(lost.reason.code);
      expect(lost.reason.retriable).toBe(false);
      const winner = results[0]?.status === 'fulfilled' ? pattern(3000, 1) : pattern(3100, 2);
      expect(Buffer.from((await a.get(key)) ?? []).equals(winner)).toBe(true);
    }
  });

  it('fencing: two instances race putIfAbsent on 20 keys; each key has exactly one creator and its bytes', async () => {
    const { a, b } = await twoInstances();
    for (let i = 0; i < 20; i++) {
      const key = `wal/${String(i).padStart(8, '0')}.json`;
      const [ra, rb] = await Promise.all([a.putIfAbsent(key, pattern(100, 1)), b.putIfAbsent(key, pattern(100, 2))]);
      expect([ra, rb].sort()).toEqual(['created', 'exists']);
      expect(await a.get(key)).toEqual(ra === 'created' ? pattern(100, 1) : pattern(100, 2));
    }
  });

  it('finalize refuses to replace another object at the key and keeps it', async () => {
    const { a, name } = await twoInstances();
    const upload = await stage(a, 'taken', pattern(100));
    // Written with a plain Put Blob: Azurite answers 409 to an If-None-Match: * Put Blob of a blob
    // that has only uncommitted blocks, although Get Blob Properties reports that blob as missing.
    await containerFor(env.current.azure, name).getBlockBlobClient('taken').upload(pattern(7, 9), 7);
    const error = await a.finalize(upload).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: StorageErrorCode.INVALID_REQUEST, retriable: false });
    expect(String(error)).toMatch(/another object \(7 bytes, expected 100\)/);
    expect(await a.get('taken')).toEqual(pattern(7, 9));
  });

  it('finalize counts an object of the expected size already at the key as done (409, then HEAD)', async () => {
    const { a, b } = await twoInstances();
    const upload = await stage(a, 'same', pattern(100));
    await a.finalize(upload);
    await b.finalize(JSON.parse(JSON.stringify(upload)));
    expect((await b.head('same'))?.size).toBe(100);
  });

  it('finalize of blocks that are gone: done if the object is there with the size, else STAGED_UPLOAD_LOST', async () => {
    const { a, b } = await twoInstances();
    const data = pattern(2500);
    const upload = await stage(a, 'gone', data);
    await b.abortStaged(upload);
    await expect(a.finalize(upload)).rejects.toMatchObject({
      code: StorageErrorCode.STAGED_UPLOAD_LOST,
      retriable: false,
    });
    // Without If-None-Match the commit itself answers InvalidBlockList; the object decides.
    const unconditional = new AzureBlobStorage({
      container: containerFor(env.current.azure, a.containerName),
      conditionalCreate: false,
    });
    await expect(unconditional.finalize(upload)).rejects.toMatchObject({ code: StorageErrorCode.STAGED_UPLOAD_LOST });
    await a.putIfAbsent('gone', data);
    await unconditional.finalize(upload);
    await expect(unconditional.finalize({ ...upload, size: 2501 })).rejects.toMatchObject({
      code: StorageErrorCode.STAGED_UPLOAD_LOST,
    });
  });

  it('abort leaves another upload of the same key alone (its blocks expire or go with the next commit)', async () => {
    const { a, b } = await twoInstances();
    const zombie = await stage(a, 'shared', pattern(2000, 1));
    const owner = await stage(b, 'shared', pattern(2000, 2));
    await a.abortStaged(zombie);
    await b.finalize(owner);
    expect(await b.get('shared')).toEqual(pattern(2000, 2));
    // The owner's commit dropped the zombie's blocks.
    await expect(a.finalize(zombie)).resolves.toBeUndefined(); // same size: counted as already final
    await expect(a.finalize({ ...zombie, size: 1999 })).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
    });
  });

  it('abort of an upload whose key already holds a committed blob keeps the blob', async () => {
    const { a } = await twoInstances();
    await a.putIfAbsent('kept', pattern(10));
    const late = await stage(a, 'kept', pattern(2000));
    await a.abortStaged(late);
    expect(await a.get('kept')).toEqual(pattern(10));
    expect(await a.listStaged('')).toEqual([]);
  });

  it('listStaged returns abort-only handles; finalize refuses them', async () => {
    const { a, b } = await twoInstances('p');
    await stage(a, 'tp-0/orphan', pattern(1500));
    await stage(b, 'tp-0/orphan', pattern(1500, 3));
    const found = await b.listStaged('tp-0/');
    expect(found).toEqual([{ key: 'tp-0/orphan', handle: '{"uploadId":"*","blockIds":[]}', size: -1 }]);
    await expect(b.finalize(found[0] as never)).rejects.toThrow(/can only be aborted/);
    await b.abortStaged(found[0] as never);
    expect(await a.listStaged('')).toEqual([]);
  });

  it('finalize and abortStaged reject a handle that is not an Azure staged-blocks handle', async () => {
    const { a } = await twoInstances();
    for (const handle of ['not json', '{}', '{"uploadId":"u","blockIds":[1]}', '{"uploadId":"","blockIds":[]}']) {
      await expect(a.finalize({ key: 'k', handle, size: 1 })).rejects.toMatchObject({
        code: StorageErrorCode.INVALID_REQUEST,
      });
      await expect(a.abortStaged({ key: 'k', handle, size: 1 })).rejects.toMatchObject({
        code: StorageErrorCode.INVALID_REQUEST,
      });
    }
  });

  it('with conditionalCreate off, putIfAbsent checks with HEAD first and says exists', async () => {
    const name = await newContainer(env.current.azure);
    const storage = new AzureBlobStorage({
      container: containerFor(env.current.azure, name),
      conditionalCreate: false,
    });
    expect(storage.capabilities.conditionalCreate).toBe(false);
    expect(await storage.putIfAbsent('k', pattern(5))).toBe('created');
    expect(await storage.putIfAbsent('k', pattern(6))).toBe('exists');
    expect((await storage.head('k'))?.size).toBe(5);
  });

  it('a missing container is an invalid request, not retried', async () => {
    const storage = new AzureBlobStorage({ container: containerFor(env.current.azure, 'no-such-container') });
    await expect(storage.putIfAbsent('k', pattern(1))).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
      retriable: false,
    });
    await expect(storage.list('')).rejects.toMatchObject({ code: StorageErrorCode.INVALID_REQUEST });
  });
});
