import { Storage } from '@google-cloud/storage';
import { ConfigError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE, GcsStorage, type GcsStorageOptions } from '../src/index.js';

const bucket = new Storage({ apiEndpoint: 'http://127.0.0.1:1', projectId: 'p' }).bucket('sink-bucket');

function problems(options: unknown): { key: string; value?: string; reason: string }[] {
  try {
    new GcsStorage(options as GcsStorageOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('GcsStorage options', () => {
  it('fills in defaults: no prefix, _sinkkit/staging/, 8 MiB chunks, conditional create on', () => {
    const storage = new GcsStorage({ bucket });
    expect([storage.bucket, storage.prefix, storage.stagingPrefix, storage.chunkSize]).toEqual([
      'sink-bucket',
      '',
      '_sinkkit/staging/',
      DEFAULT_CHUNK_SIZE,
    ]);
    expect(storage.capabilities).toEqual({ conditionalCreate: true, listStaged: true });
  });

  it('adds the trailing / to prefix and stagingPrefix', () => {
    const storage = new GcsStorage({ bucket, prefix: 'data/sink', stagingPrefix: 'tmp', conditionalCreate: false });
    expect([storage.prefix, storage.stagingPrefix]).toEqual(['data/sink/', 'tmp/']);
    expect(storage.capabilities.conditionalCreate).toBe(false);
  });

  it('names the key, the value and the reason of every bad option at once', () => {
    const found = problems({
      bucket,
      chunkSize: 1000,
      stagingPrefix: '',
      prefix: '/abs',
      conditionalCreate: 'yes',
      retry: { maxAttempts: 0, extra: 1 },
    });
    const byKey = Object.fromEntries(found.map((p) => [p.key, p]));
    expect(byKey['gcs.part.size']).toMatchObject({
      value: '1000',
      reason: expect.stringMatching(/at least 262144 bytes/),
    });
    expect(byKey['gcs.staging.prefix']).toMatchObject({
      value: '',
      reason: expect.stringMatching(/must not be empty/),
    });
    expect(byKey['gcs.prefix']).toMatchObject({
      value: '/abs',
      reason: expect.stringMatching(/must not start with \//),
    });
    expect(byKey['gcs.conditional.create']).toMatchObject({ value: 'yes' });
    expect(byKey['gcs.retry.max.attempts']).toMatchObject({ value: '0', reason: 'must be at least 1' });
    expect(found.some((p) => p.key === 'retry')).toBe(true); // the unknown retry.extra
  });

  it('refuses something that is not a Bucket, without printing it', () => {
    const found = problems({ bucket: { name: 'x', secret: 'do-not-print' } });
    expect(found).toEqual([
      { key: 'gcs.bucket.name', reason: 'must be a Bucket from @google-cloud/storage: new Storage(...).bucket(name)' },
    ]);
    expect(() => new GcsStorage({ bucket, chunkSize: 2 ** 31 })).toThrow(
      /Invalid value 2147483648 for configuration gcs.part.size: must be at most 1073741824 bytes/,
    );
  });
});
