import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GcsServer, isAlive, startGcsServer } from '../../src/index.js';

describe('startGcsServer', () => {
  let server: GcsServer;
  let storage: Storage;
  const bucketName = `b-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    server = await startGcsServer();
    await server.createBucket(bucketName);
    storage = new Storage({ apiEndpoint: server.apiEndpoint, projectId: server.projectId });
  });

  afterAll(async () => {
    if (!server) return;
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it('serves the JSON API on 127.0.0.1 and knows the created bucket', async () => {
    expect(server.apiEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(isAlive(server.pid)).toBe(true);
    const [exists] = await storage.bucket(bucketName).exists();
    expect(exists).toBe(true);
    // createBucket leaves an existing bucket alone.
    await server.createBucket(bucketName);
  });

  it('creates, lists and deletes buckets through the SDK', async () => {
    const [created] = await storage.createBucket(`${bucketName}-extra`);
    const [buckets] = await storage.getBuckets();
    expect(buckets.map((bucket) => bucket.name)).toEqual(expect.arrayContaining([bucketName, created.name]));
    await created.delete();
    const [exists] = await created.exists();
    expect(exists).toBe(false);
  });

  it('uploads, lists with a prefix, downloads and deletes objects', async () => {
    const bucket = storage.bucket(bucketName);
    const big = randomBytes(3 * 1024 * 1024);
    await bucket.file('data/a.txt').save('alpha', { resumable: false });
    await bucket.file('data/b.bin').save(big, { resumable: true });
    await bucket.file('other/c.txt').save('gamma', { resumable: false });

    const [files] = await bucket.getFiles({ prefix: 'data/' });
    expect(files.map((file) => file.name).sort()).toEqual(['data/a.txt', 'data/b.bin']);
    const [page, next] = await bucket.getFiles({ prefix: 'data/', maxResults: 1, autoPaginate: false });
    expect(page).toHaveLength(1);
    expect(next).toMatchObject({ pageToken: expect.any(String) });

    const [alpha] = await bucket.file('data/a.txt').download();
    expect(alpha.toString()).toBe('alpha');
    const [bytes] = await bucket.file('data/b.bin').download();
    expect(bytes.equals(big)).toBe(true);

    await bucket.file('data/a.txt').delete();
    const [left] = await bucket.getFiles({ prefix: 'data/' });
    expect(left.map((file) => file.name)).toEqual(['data/b.bin']);
    const [exists] = await bucket.file('data/a.txt').exists();
    expect(exists).toBe(false);
  });

  it('copies objects (served under the /storage/v1 prefix the SDK uses)', async () => {
    const bucket = storage.bucket(bucketName);
    await bucket.file('copy/source.txt').save('copied', { resumable: false });
    await bucket.file('copy/source.txt').copy(bucket.file('copy/target.txt'));
    const [copied] = await bucket.file('copy/target.txt').download();
    expect(copied.toString()).toBe('copied');
  });

  it('gap: ignores ifGenerationMatch and overwrites', async () => {
    const file = storage.bucket(bucketName).file('create-only.txt');
    const createOnly = { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } };
    await file.save('first', createOnly);
    await file.save('second', createOnly);
    const [content] = await file.download();
    expect(content.toString()).toBe('second');
  });

  it('gap: fails a resumable upload sent in several chunks', async () => {
    const file = storage.bucket(bucketName).file('chunked.bin');
    await expect(file.save(randomBytes(600 * 1024), { resumable: true, chunkSize: 256 * 1024 })).rejects.toThrow();
  });
});
