import { ConfigError } from '@sinkkit/core';
import OSS from 'ali-oss';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PART_SIZE, MIN_PART_SIZE, OssStorage, type OssStorageOptions } from '../src/index.js';

const secret = 'options-test-secret-do-not-print';
const client = new OSS({
  region: 'oss-cn-hangzhou',
  accessKeyId: 'LTAIoptions',
  accessKeySecret: secret,
  bucket: 'my-bucket',
});
const base: OssStorageOptions = { client };

function configError(options: OssStorageOptions): ConfigError {
  try {
    new OssStorage(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('OssStorage options', () => {
  it('defaults: 8 MiB parts, no prefix, conditional create and listStaged on, the bucket from the client', () => {
    const storage = new OssStorage(base);
    expect(storage.partSize).toBe(DEFAULT_PART_SIZE);
    expect(DEFAULT_PART_SIZE).toBe(8 * 1024 * 1024);
    expect(storage.prefix).toBe('');
    expect(storage.bucket).toBe('my-bucket');
    expect(storage.capabilities).toEqual({ conditionalCreate: true, listStaged: true });
  });

  it('adds the missing / to a prefix and reports conditional create turned off', () => {
    const storage = new OssStorage({ ...base, prefix: 'topics', conditionalCreate: false });
    expect(storage.prefix).toBe('topics/');
    expect(new OssStorage({ ...base, prefix: 'a/b/' }).prefix).toBe('a/b/');
    expect(storage.capabilities).toEqual({ conditionalCreate: false, listStaged: true });
  });

  it('a part size below 100 KiB names oss.part.size, the value and why', () => {
    const error = configError({ ...base, partSize: 64 * 1024 });
    expect(error.problems).toEqual([{ key: 'oss.part.size', value: '65536', reason: expect.any(String) }]);
    expect(error.message).toBe(
      'Invalid value 65536 for configuration oss.part.size: EntityTooSmall: your proposed upload part size [65536 bytes] is smaller than the minimum OSS allows for every part but the last [102400 bytes = 100 KiB]',
    );
    expect(new OssStorage({ ...base, partSize: MIN_PART_SIZE }).partSize).toBe(100 * 1024);
  });

  it('a part size above 5 GiB or not whole is refused', () => {
    expect(configError({ ...base, partSize: 6 * 1024 ** 3 }).message).toMatch(/oss\.part\.size: must be at most/);
    expect(configError({ ...base, partSize: MIN_PART_SIZE + 0.5 }).message).toMatch(/whole number of bytes/);
  });

  it('reports every problem at once', () => {
    const error = configError({
      client,
      prefix: 7 as never,
      partSize: 10,
      conditionalCreate: 'yes' as never,
      retry: { maxAttempts: 0, baseMs: -1 },
    });
    expect(error.keys).toEqual([
      'oss.prefix',
      'oss.part.size',
      'oss.conditional.create',
      'oss.retry.max.attempts',
      'oss.retry.backoff.ms',
    ]);
  });

  it('a missing client, or one without a bucket, is named without printing the client (it holds the secret)', () => {
    expect(configError({} as OssStorageOptions).problems).toEqual([
      { key: 'oss.client', reason: 'must be an ali-oss client (new OSS({ ... }) from the ali-oss package)' },
    ]);
    const noBucket = new OSS({ region: 'oss-cn-hangzhou', accessKeyId: 'LTAIoptions', accessKeySecret: secret });
    const error = configError({ client: noBucket });
    expect(error.problems).toEqual([
      { key: 'oss.client', reason: 'must be configured with a bucket: new OSS({ ..., bucket: "my-bucket" })' },
    ]);
    expect(error.message).not.toContain(secret);
  });
});
