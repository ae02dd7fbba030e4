import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, type S3Server, s3ClientConfig, startS3Server } from '../../src/index.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('startS3Server', () => {
  let server: S3Server;
  let s3: S3Client;
  const bucket = `b-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    server = await startS3Server();
    await server.createBucket(bucket);
    s3 = new S3Client({ ...s3ClientConfig(server) });
  });

  afterAll(async () => {
    s3?.destroy();
    if (!server) return;
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it('serves on a 127.0.0.1 port with path-style buckets and the s3rver credentials', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.forcePathStyle).toBe(true);
    expect(server.credentials).toEqual({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    expect(isAlive(server.pid)).toBe(true);
  });

  it('puts, gets, lists in pages and deletes objects', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `paged/${String(i).padStart(3, '0')}.txt`);
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[7] }));
    expect(await got.Body?.transformToString()).toBe(`body of ${keys[7]}`);

    const listed: string[] = [];
    let pages = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'paged/', MaxKeys: 10, ContinuationToken: token }),
      );
      pages++;
      listed.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    expect(pages).toBe(3);
    expect(listed).toEqual(keys);

    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: keys[0] }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'paged/' }));
    expect(after.KeyCount).toBe(24);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('completes a 21 MiB multipart upload of 5 MiB parts that reads back byte for byte', async () => {
    const partSize = 5 * 1024 * 1024;
    const data = randomBytes(4 * partSize + 1024 * 1024);
    const key = 'multipart/big.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const parts = [];
    for (let offset = 0, number = 1; offset < data.length; offset += partSize, number++) {
      const part = await s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: number,
          Body: data.subarray(offset, offset + partSize),
        }),
      );
      parts.push({ PartNumber: number, ETag: part.ETag });
    }
    expect(parts).toHaveLength(5);
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = await got.Body?.transformToByteArray();
    expect(body?.length).toBe(data.length);
    expect(sha256(body ?? new Uint8Array())).toBe(sha256(data));
  });

  it('stores a streamed body intact with s3ClientConfig (no aws-chunked framing)', async () => {
    // With the SDK's default flexible checksums a stream is sent aws-chunked with a CRC trailer,
    // which s3rver would store verbatim: s3ClientConfig turns that off.
    const data = randomBytes(100_000);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'streamed.bin',
        Body: Readable.from([data]),
        ContentLength: data.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed.bin' }));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(data)).toBe(true);
  });

  it('gap: ignores If-None-Match on PUT and overwrites', async () => {
    const put = (body: string) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'create-only.txt', Body: body, IfNoneMatch: '*' }));
    await put('first');
    await put('second');
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'create-only.txt' }));
    expect(await got.Body?.transformToString()).toBe('second');
  });
});
