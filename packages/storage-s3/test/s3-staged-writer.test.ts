import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../src/index.js';
import { bucketName, clientFor, pattern, recordRequests } from './support/s3.js';

const MiB = 1024 * 1024;
const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });

async function setup(partSize = 5 * MiB) {
  const bucket = bucketName();
  await env.current.s3.createBucket(bucket);
  const client = clientFor(env.current.s3);
  const log = recordRequests(client);
  const storage = new S3Storage({ client, bucket, partSize, conditionalCreate: false, listStaged: false });
  return { storage, log, client };
}

describe('S3StagedWriter', () => {
  it('streams 20 MiB in 5 MiB parts holding at most one part filling and one in flight', async () => {
    const { storage, log } = await setup();
    const data = pattern(20 * MiB + 12_345, 7);
    const writer = await storage.openStaged('big/file.bin');
    let maxBuffered = 0;
    let partsBeforeClose = 0;
    for (let offset = 0; offset < data.length; offset += 100_000) {
      await writer.write(data.subarray(offset, offset + 100_000));
      maxBuffered = Math.max(maxBuffered, writer.bufferedBytes);
    }
    partsBeforeClose = log.sent.filter((r) => r.command === 'UploadPartCommand').length;
    const upload = await writer.close();
    expect(writer.bufferedBytes).toBe(0);

    // Parts went out while writing, not at close; never two at once; memory never above 2 parts.
    expect(partsBeforeClose).toBeGreaterThanOrEqual(3);
    expect(log.maxPartsInFlight()).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(2 * 5 * MiB);
    expect(maxBuffered).toBeGreaterThan(5 * MiB);

    const handle = JSON.parse(upload.handle);
    expect(handle.parts.map((p: { PartNumber: number }) => p.PartNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(upload).toMatchObject({ key: 'big/file.bin', size: data.length });
    expect(await storage.head('big/file.bin')).toBeUndefined();
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('big/file.bin')) ?? []).equals(data)).toBe(true);
  });

  it('a small file never allocates a whole part', async () => {
    const { storage } = await setup(64 * MiB);
    const writer = await storage.openStaged('small.json');
    await writer.write(pattern(1000));
    expect(writer.bufferedBytes).toBe(1000);
    const upload = await writer.close();
    await storage.finalize(upload);
    expect((await storage.head('small.json'))?.size).toBe(1000);
  });

  it('a 0-byte upload sends one empty part and finalizes to an empty object', async () => {
    const { storage, log } = await setup();
    const writer = await storage.openStaged('empty.bin');
    await writer.write(new Uint8Array(0));
    const upload = await writer.close();
    expect(upload.size).toBe(0);
    expect(JSON.parse(upload.handle).parts).toHaveLength(1);
    expect(log.sent.filter((r) => r.command === 'UploadPartCommand')).toHaveLength(1);
    await storage.finalize(upload);
    expect(await storage.get('empty.bin')).toEqual(new Uint8Array(0));
    expect((await storage.head('empty.bin'))?.size).toBe(0);
  });

  it('a file of exactly one part sends no extra empty part', async () => {
    const { storage, log } = await setup();
    const data = pattern(5 * MiB, 3);
    const writer = await storage.openStaged('exact.bin');
    await writer.write(data);
    const upload = await writer.close();
    expect(JSON.parse(upload.handle).parts).toHaveLength(1);
    expect(log.sent.filter((r) => r.command === 'UploadPartCommand')).toHaveLength(1);
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('exact.bin')) ?? []).equals(data)).toBe(true);
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
});
