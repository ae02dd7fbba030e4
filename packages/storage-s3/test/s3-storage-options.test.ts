import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PART_SIZE, S3Storage, type S3StorageOptions } from '../src/index.js';

const client = new S3Client({ region: 'us-east-1' });
const base: S3StorageOptions = { client, bucket: 'my-bucket' };

function configError(options: S3StorageOptions): ConfigError {
  try {
    new S3Storage(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('S3Storage options', () => {
  it('defaults: 8 MiB parts, no prefix, conditional create and listStaged on', () => {
    const storage = new S3Storage(base);
    expect(storage.partSize).toBe(DEFAULT_PART_SIZE);
    expect(DEFAULT_PART_SIZE).toBe(8 * 1024 * 1024);
    expect(storage.prefix).toBe('');
    expect(storage.capabilities).toEqual({ conditionalCreate: true, listStaged: true });
  });

  it('adds the missing / to a prefix and reports turned-off capabilities', () => {
    const storage = new S3Storage({ ...base, prefix: 'topics', conditionalCreate: false, listStaged: false });
    expect(storage.prefix).toBe('topics/');
    expect(new S3Storage({ ...base, prefix: 'a/b/' }).prefix).toBe('a/b/');
    expect(storage.capabilities).toEqual({ conditionalCreate: false, listStaged: false });
  });

  it('a part size below 5 MiB names s3.part.size, the value and why, like lib-storage', () => {
    const error = configError({ ...base, partSize: 1024 * 1024 });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ key: 's3.part.size', value: '1048576' });
    expect(error.message).toBe(
      'Invalid value 1048576 for configuration s3.part.size: EntityTooSmall: your proposed upload part size [1048576 bytes] is smaller than the minimum S3 allows for every part but the last [5242880 bytes = 5 MiB]',
    );
    expect(new S3Storage({ ...base, partSize: 5 * 1024 * 1024 }).partSize).toBe(5 * 1024 * 1024);
  });

  it('a part size above 5 GiB or not whole is refused', () => {
    expect(configError({ ...base, partSize: 6 * 1024 ** 3 }).message).toMatch(/s3\.part\.size: must be at most/);
    expect(configError({ ...base, partSize: 5 * 1024 * 1024 + 0.5 }).message).toMatch(/whole number of bytes/);
  });

  it('reports every problem at once, with the Confluent-style keys', () => {
    const error = configError({
      client,
      bucket: 'Not_A_Bucket',
      partSize: 10,
      sse: { type: 'rot13' } as never,
      storageClass: 'glacier',
      retry: { maxAttempts: 0 },
    });
    expect(error.keys).toEqual([
      's3.bucket.name',
      's3.part.size',
      's3.ssea.name',
      's3.storage.class',
      's3.retry.max.attempts',
    ]);
    expect(error.message).toContain('Invalid value Not_A_Bucket for configuration s3.bucket.name');
    expect(error.message).toContain(
      "Invalid value rot13 for configuration s3.ssea.name: must be { type: 'AES256' } or { type: 'aws:kms', kmsKeyId? }",
    );
  });

  it('a missing client is named without printing it', () => {
    const error = configError({ bucket: 'my-bucket' } as S3StorageOptions);
    expect(error.problems[0]).toEqual({ key: 's3.client', reason: 'must be an S3Client from @aws-sdk/client-s3' });
  });

  it('accepts SSE-S3, SSE-KMS with or without a key, an ACL and a storage class', () => {
    for (const sse of [{ type: 'AES256' }, { type: 'aws:kms' }, { type: 'aws:kms', kmsKeyId: 'alias/sink' }] as const) {
      expect(
        () => new S3Storage({ ...base, sse, acl: 'bucket-owner-full-control', storageClass: 'STANDARD_IA' }),
      ).not.toThrow();
    }
  });
});
