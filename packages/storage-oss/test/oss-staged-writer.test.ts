import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssStorage } from '../src/index.js';
import { bucketName, clientFor, pattern } from './support/oss.js';
import { type OssDouble, startOssDouble } from './support/oss-double.js';

const KiB = 1024;
let double: OssDouble;
beforeAll(async () => {
  double = await startOssDouble();
});
afterAll(() => double?.stop());

function setup(partSize = 100 * KiB) {
  const bucket = bucketName();
  double.createBucket(bucket);
  const storage = new OssStorage({ client: clientFor(double, bucket), partSize });
  const partRequests = () =>
    double.requests.filter(
      (r) => r.method === 'PUT' && r.query.has('partNumber') && String(r.headers.host).startsWith(bucket),
    ).length;
  return { storage, bucket, partRequests };
}

describe('OssStagedWriter', () => {
  it('streams 2 MiB in 100 KiB parts holding at most one part filling and one in flight', async () => {
    const { storage, partRequests } = setup();
    const data = pattern(2 * 1024 * KiB + 12_345, 7);
    const writer = await storage.openStaged('big/file.bin');
    let maxBuffered = 0;
    for (let offset = 0; offset < data.length; offset += 30_000) {
      await writer.write(data.subarray(offset, offset + 30_000));
      maxBuffered = Math.max(maxBuffered, writer.bufferedBytes);
    }
    const partsBeforeClose = partRequests();
    const upload = await writer.close();
    expect(writer.bufferedBytes).toBe(0);

    // Parts went out while writing, not at close (the 20th may still be on its way); never two at
    // once; memory never above 2 parts.
    expect(partsBeforeClose).toBeGreaterThanOrEqual(19);
    expect(double.maxPartsInFlight).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(2 * 100 * KiB);
    expect(maxBuffered).toBeGreaterThan(100 * KiB);

    const handle = JSON.parse(upload.handle);
    expect(handle.parts).toHaveLength(21);
    expect(handle.parts.map((p: { number: number }) => p.number)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(upload).toMatchObject({ key: 'big/file.bin', size: data.length });
    expect(await storage.head('big/file.bin')).toBeUndefined();
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('big/file.bin')) ?? []).equals(data)).toBe(true);
  });

  it('a small file never allocates a whole part', async () => {
    const { storage } = setup(64 * 1024 * KiB);
    const writer = await storage.openStaged('small.json');
    await writer.write(pattern(1000));
    expect(writer.bufferedBytes).toBe(1000);
    await storage.finalize(await writer.close());
    expect((await storage.head('small.json'))?.size).toBe(1000);
  });

  it('a 0-byte upload sends one empty part and finalizes to an empty object', async () => {
    const { storage, partRequests } = setup();
    const writer = await storage.openStaged('empty.bin');
    await writer.write(new Uint8Array(0));
    const upload = await writer.close();
    expect(upload.size).toBe(0);
    expect(JSON.parse(upload.handle).parts).toHaveLength(1);
    expect(partRequests()).toBe(1);
    await storage.finalize(upload);
    expect(await storage.get('empty.bin')).toEqual(new Uint8Array(0));
    expect((await storage.head('empty.bin'))?.size).toBe(0);
  });

  it('a file of exactly one part sends no extra empty part', async () => {
    const { storage, partRequests } = setup();
    const data = pattern(100 * KiB, 3);
    const writer = await storage.openStaged('exact.bin');
    await writer.write(data);
    const upload = await writer.close();
    expect(JSON.parse(upload.handle).parts).toHaveLength(1);
    expect(partRequests()).toBe(1);
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('exact.bin')) ?? []).equals(data)).toBe(true);
  });

  it('copies what it is given: the caller may reuse its chunk once write resolves', async () => {
    const { storage } = setup();
    const chunk = new Uint8Array(10).fill(1);
    const writer = await storage.openStaged('copied.bin');
    await writer.write(chunk);
    chunk.fill(2);
    await writer.write(chunk);
    await storage.finalize(await writer.close());
    expect(Array.from((await storage.get('copied.bin')) ?? [])).toEqual([...Array(10).fill(1), ...Array(10).fill(2)]);
  });
});
