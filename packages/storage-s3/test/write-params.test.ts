import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage, type S3StorageOptions } from '../src/index.js';
import { bucketName, clientFor, pattern, recordRequests } from './support/s3.js';

const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });

async function writeBoth(options: Partial<S3StorageOptions>) {
  const bucket = bucketName();
  await env.current.s3.createBucket(bucket);
  const client = clientFor(env.current.s3);
  const log = recordRequests(client);
  const storage = new S3Storage({ client, bucket, conditionalCreate: false, listStaged: false, ...options });
  await storage.putIfAbsent('wal/1', pattern(10));
  const writer = await storage.openStaged('data/1');
  await writer.write(pattern(10));
  await storage.finalize(await writer.close());
  const headersOf = (command: string) => log.sent.find((r) => r.command === command)?.headers ?? {};
  return { put: headersOf('PutObjectCommand'), create: headersOf('CreateMultipartUploadCommand'), log };
}

const pick = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) =>
      /^x-amz-(server-side-encryption.*|acl|storage-class)$/.test(name.toLowerCase()),
    ),
  );

describe('encryption, ACL and storage class', () => {
  it('go on every new object: PutObject and CreateMultipartUpload', async () => {
    const { put, create } = await writeBoth({
      sse: { type: 'AES256' },
      acl: 'bucket-owner-full-control',
      storageClass: 'STANDARD_IA',
    });
    const expected = {
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-acl': 'bucket-owner-full-control',
      'x-amz-storage-class': 'STANDARD_IA',
    };
    expect(pick(put)).toEqual(expected);
    expect(pick(create)).toEqual(expected);
  });

  it('SSE-KMS sends the key id when given', async () => {
    const { put, create } = await writeBoth({ sse: { type: 'aws:kms', kmsKeyId: 'alias/sinkkit' } });
    const expected = {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/sinkkit',
    };
    expect(pick(put)).toEqual(expected);
    expect(pick(create)).toEqual(expected);
  });

  it('nothing is sent when not configured (the bucket defaults apply), and parts carry none of it', async () => {
    const { put, create, log } = await writeBoth({});
    expect(pick(put)).toEqual({});
    expect(pick(create)).toEqual({});
    const { log: withSse } = await writeBoth({ sse: { type: 'AES256' } });
    for (const r of [...log.sent, ...withSse.sent].filter((r) => r.command === 'UploadPartCommand')) {
      expect(pick(r.headers)).toEqual({});
    }
  });
});
