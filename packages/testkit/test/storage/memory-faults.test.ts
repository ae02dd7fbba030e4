import { StorageError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { MemoryStorage, MemoryStore } from '../../src/index.js';

const body = new TextEncoder().encode('entry');

describe('MemoryStorage fault injection', () => {
  it('fails the next call before it takes effect, with a retriable StorageError by default', async () => {
    const storage = new MemoryStorage().failNext('putIfAbsent');
    const error = await storage.putIfAbsent('wal/1', body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      retriable: true,
      operation: 'putIfAbsent',
      key: 'wal/1',
    });
    expect(await storage.get('wal/1')).toBeUndefined();
    expect(await storage.putIfAbsent('wal/1', body)).toBe('created');
  });

  it('with after, the operation takes effect and the answer is lost', async () => {
    const storage = new MemoryStorage().failNext('putIfAbsent', { after: true });
    await expect(storage.putIfAbsent('wal/1', body)).rejects.toThrow(/injected fault \(after/);
    expect(await storage.putIfAbsent('wal/1', body)).toBe('exists');
  });

  it('matches keys, throws the given error, and is used up after `times` calls', async () => {
    const boom = new Error('boom');
    const storage = new MemoryStorage().failNext('get', { key: (key) => key.startsWith('a/'), error: boom, times: 2 });
    expect(await storage.get('b/1')).toBeUndefined();
    await expect(storage.get('a/1')).rejects.toBe(boom);
    await expect(storage.get('a/2')).rejects.toBe(boom);
    expect(await storage.get('a/3')).toBeUndefined();
  });

  it('injects into staged writers: a failed finalize leaves the upload staged, and another instance finalizes it', async () => {
    const store = new MemoryStore();
    const crashed = new MemoryStorage({ store }).failNext('finalize');
    const writer = await crashed.openStaged('data/file.json');
    await writer.write(body);
    const upload = await writer.close();
    await expect(crashed.finalize(upload)).rejects.toThrow(StorageError);
    expect(store.staged.size).toBe(1);

    const successor = new MemoryStorage({ store });
    expect(await successor.listStaged('data/')).toEqual([upload]);
    await successor.finalize(upload);
    expect(new TextDecoder().decode(await successor.get('data/file.json'))).toBe('entry');
    expect(store.staged.size).toBe(0);
  });

  it('a fault on write leaves the writer usable for a retry of that write', async () => {
    const storage = new MemoryStorage().failNext('write');
    const writer = await storage.openStaged('k');
    await expect(writer.write(body)).rejects.toThrow(StorageError);
    expect(writer.bytesWritten).toBe(0);
    await writer.write(body);
    await storage.finalize(await writer.close());
    expect((await storage.head('k'))?.size).toBe(body.byteLength);
  });
});

describe('MemoryStorage without create-only writes', () => {
  it('overwrites in putIfAbsent and says so in its capabilities', async () => {
    const storage = new MemoryStorage({ conditionalCreate: false });
    expect(storage.capabilities.conditionalCreate).toBe(false);
    expect(await storage.putIfAbsent('k', body)).toBe('created');
    expect(await storage.putIfAbsent('k', new Uint8Array(1))).toBe('created');
    expect((await storage.head('k'))?.size).toBe(1);
  });

  it('keeps its own copy of the bytes it is given and hands out copies', async () => {
    const storage = new MemoryStorage();
    const mine = new Uint8Array([1, 2, 3]);
    await storage.putIfAbsent('k', mine);
    mine[0] = 9;
    const read = (await storage.get('k')) as Uint8Array;
    read[1] = 9;
    expect([...((await storage.get('k')) as Uint8Array)]).toEqual([1, 2, 3]);
  });
});
