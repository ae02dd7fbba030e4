import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStorage } from '../src/index.js';
import { containerFor, countStagedBlocks, newContainer, pattern } from './support/azure.js';

const MiB = 1024 * 1024;
const env = useTestEnvironment({ azure: true }, { beforeAll, afterAll });

async function setup(blockSize = MiB) {
  const container = containerFor(env.current.azure, await newContainer(env.current.azure));
  const blocks = countStagedBlocks(container);
  const storage = new AzureBlobStorage({ container, blockSize, retry: { baseMs: 1, capMs: 10 } });
  return { storage, blocks, container };
}

describe('AzureStagedWriter', () => {
  it('streams 5 MiB in 1 MiB blocks holding at most one block filling and one in flight', async () => {
    const { storage, blocks } = await setup();
    const data = pattern(5 * MiB + 12_345, 7);
    const writer = await storage.openStaged('big/file.bin');
    let maxBuffered = 0;
    for (let offset = 0; offset < data.length; offset += 100_000) {
      await writer.write(data.subarray(offset, offset + 100_000));
      maxBuffered = Math.max(maxBuffered, writer.bufferedBytes);
    }
    const blocksBeforeClose = blocks.calls();
    const upload = await writer.close();
    expect(writer.bufferedBytes).toBe(0);

    // Blocks went out while writing, not at close; never two at once; memory never above 2 blocks.
    expect(blocksBeforeClose).toBeGreaterThanOrEqual(4);
    expect(blocks.calls()).toBe(6);
    expect(blocks.maxInFlight()).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(2 * MiB);
    expect(maxBuffered).toBeGreaterThan(MiB);

    const handle = JSON.parse(upload.handle) as { uploadId: string; blockIds: string[] };
    expect(handle.uploadId).toBe(writer.uploadId);
    expect(handle.blockIds).toHaveLength(6);
    // Block ids: base64 of "<upload id>-<6-digit sequence>", all of one length (Azure requires it).
    expect(handle.blockIds.map((id) => Buffer.from(id, 'base64').toString())).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `${handle.uploadId}-00000${i}`),
    );
    expect(new Set(handle.blockIds.map((id) => id.length)).size).toBe(1);
    expect(upload).toMatchObject({ key: 'big/file.bin', size: data.length });
    expect(await storage.head('big/file.bin')).toBeUndefined();
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('big/file.bin')) ?? []).equals(data)).toBe(true);
  });

  it('a small file never allocates a whole block', async () => {
    const { storage } = await setup(64 * MiB);
    const writer = await storage.openStaged('small.json');
    await writer.write(pattern(1000));
    expect(writer.bufferedBytes).toBe(1000);
    const upload = await writer.close();
    await storage.finalize(upload);
    expect((await storage.head('small.json'))?.size).toBe(1000);
  });

  it('a 0-byte upload stages no block and commits an empty block list', async () => {
    const { storage, blocks } = await setup();
    const writer = await storage.openStaged('empty.bin');
    await writer.write(new Uint8Array(0));
    const upload = await writer.close();
    expect(upload.size).toBe(0);
    expect(JSON.parse(upload.handle).blockIds).toEqual([]);
    expect(blocks.calls()).toBe(0);
    expect(await storage.head('empty.bin')).toBeUndefined();
    await storage.finalize(upload);
    await storage.finalize(upload);
    expect(await storage.get('empty.bin')).toEqual(new Uint8Array(0));
    expect((await storage.head('empty.bin'))?.size).toBe(0);
  });

  it('a file of exactly one block stages one block, and 1-byte blocks work', async () => {
    const { storage, blocks } = await setup();
    const data = pattern(MiB, 3);
    const writer = await storage.openStaged('exact.bin');
    await writer.write(data);
    const upload = await writer.close();
    expect(JSON.parse(upload.handle).blockIds).toHaveLength(1);
    expect(blocks.calls()).toBe(1);
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('exact.bin')) ?? []).equals(data)).toBe(true);

    const tiny = await setup(1);
    const small = await tiny.storage.openStaged('tiny.bin');
    await small.write(pattern(5, 4));
    const staged = await small.close();
    expect(JSON.parse(staged.handle).blockIds).toHaveLength(5);
    await tiny.storage.finalize(staged);
    expect(await tiny.storage.get('tiny.bin')).toEqual(pattern(5, 4));
  });

  it('copies what it is given: the caller may reuse its chunk once write resolves', async () => {
    const { storage } = await setup();
    const chunk = new Uint8Array(10).fill(1);
    const writer = await storage.openStaged('copied.bin');
    await writer.write(chunk);
    chunk.fill(2);
    await writer.write(chunk);
    await storage.finalize(await writer.close());
    expect(Array.from((await storage.get('copied.bin')) ?? [])).toEqual([...Array(10).fill(1), ...Array(10).fill(2)]);
  });

  it('abort after blocks were staged drops them: finalizing the same blocks then fails', async () => {
    const { storage } = await setup(1000);
    const writer = await storage.openStaged('dropped.bin');
    await writer.write(pattern(2500));
    await writer.abort();
    await writer.abort();
    expect(await storage.listStaged('')).toEqual([]);
    await expect(writer.write(pattern(1))).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
  });
});
