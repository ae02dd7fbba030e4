import { type FaultProxy, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_PENDING_MAX_BYTES, S3Storage } from '../src/index.js';
import { bucketName, clientFor, pattern, recordRequests } from './support/s3.js';

const MiB = 1024 * 1024;
const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

/** A storage staging files up to `inlineMaxBytes` inline, through the create-only proxy. */
async function setup(inlineMaxBytes = MiB, partSize = 5 * MiB) {
  const bucket = bucketName();
  await env.current.s3.createBucket(bucket);
  const client = clientFor(env.current.s3, proxy.url);
  const log = recordRequests(client);
  const open = () =>
    new S3Storage({ client, bucket, partSize, inlineMaxBytes, listStaged: false, retry: { baseMs: 1, capMs: 10 } });
  const commands = () => log.sent.map((r) => r.command.replace('Command', ''));
  return { storage: open(), open, log, commands };
}

async function stage(storage: S3Storage, key: string, data: Uint8Array) {
  const writer = await storage.openStaged(key);
  await writer.write(data);
  return writer.close();
}

describe('S3Storage inline staging (inlineMaxBytes)', () => {
  it('stages a small file in its handle with no request, and finalizes it with one create-only PutObject', async () => {
    const { storage, open, log, commands } = await setup();
    const data = pattern(300_000, 5);
    const upload = await stage(storage, 'data/small.json', data);
    expect(commands()).toEqual([]);
    expect(upload.size).toBe(data.length);
    expect(Object.keys(JSON.parse(upload.handle))).toEqual(['inline']);
    expect(await storage.head('data/small.json')).toBeUndefined();

    // Handed over as JSON (a WAL entry read back by another process) and finalized twice.
    const revived = JSON.parse(JSON.stringify(upload));
    await open().finalize(revived);
    await storage.finalize(upload);
    expect(Buffer.from((await storage.get('data/small.json')) ?? []).equals(data)).toBe(true);
    const puts = log.sent.filter((r) => r.command === 'PutObjectCommand');
    expect(puts.map((r) => r.headers['if-none-match'])).toEqual(['*', '*']);
    expect(commands().filter((c) => c.includes('Multipart') || c === 'UploadPart')).toEqual([]);
  });

  it('an empty file is inline too, and finalizes to an empty object', async () => {
    const { storage } = await setup();
    const upload = await stage(storage, 'empty', new Uint8Array(0));
    await storage.finalize(upload);
    expect((await storage.head('empty'))?.size).toBe(0);
  });

  it('a file past the limit goes multipart, its upload created once it passed the limit, not at open', async () => {
    const { storage, commands } = await setup(1000);
    const writer = await storage.openStaged('data/bigger.json');
    await writer.write(pattern(1000));
    expect(commands()).toEqual([]);
    await writer.write(pattern(1));
    const upload = await writer.close();
    expect(commands()).toEqual(['CreateMultipartUpload', 'UploadPart']);
    expect(JSON.parse(upload.handle).parts).toHaveLength(1);
    await storage.finalize(upload);
    expect((await storage.head('data/bigger.json'))?.size).toBe(1001);
  });

  it('holds at most INLINE_PENDING_MAX_BYTES inline until finalized or aborted; past it, files go multipart', async () => {
    const { storage } = await setup(4 * MiB);
    const inline = (handle: string) => 'inline' in JSON.parse(handle);
    const uploads = [];
    for (let i = 0; i < INLINE_PENDING_MAX_BYTES / (4 * MiB) + 1; i++) {
      uploads.push(await stage(storage, `data/f${i}`, pattern(4 * MiB, i + 1)));
    }
    expect(uploads.map((u) => inline(u.handle))).toEqual([true, true, true, true, false]);
    await storage.abortStaged(uploads[0] as (typeof uploads)[0]);
    await storage.finalize(uploads[1] as (typeof uploads)[0]);
    const after = await stage(storage, 'data/again', pattern(10));
    expect(inline(after.handle)).toBe(true);
    for (const u of uploads.slice(2)) await storage.finalize(u);
    expect((await storage.head('data/f4'))?.size).toBe(4 * MiB);
    expect(await storage.head('data/f0')).toBeUndefined();
  });

  it('finalize never replaces another object at the key, and counts one of the expected size as done', async () => {
    const { storage } = await setup();
    const upload = await stage(storage, 'taken', pattern(100));
    await storage.putIfAbsent('taken', pattern(7, 9));
    await expect(storage.finalize(upload)).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
    expect((await storage.head('taken'))?.size).toBe(7);
    const same = await stage(storage, 'same', pattern(100));
    await storage.putIfAbsent('same', pattern(100));
    await storage.finalize(same);
    await expect(storage.finalize({ ...same, size: 99 })).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
  });

  it('an aborted writer or upload gives its bytes back and leaves nothing behind', async () => {
    const { storage, commands } = await setup();
    const writer = await storage.openStaged('dropped');
    await writer.write(pattern(10));
    await writer.abort();
    const closed = await stage(storage, 'dropped-after-close', pattern(10));
    await storage.abortStaged(closed);
    await storage.abortStaged(closed);
    expect(commands()).toEqual([]);
    expect((await storage.list('')).objects).toEqual([]);
  });
});
