import { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '@sinkkit/core';
import { AZURITE_ACCOUNT } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { AzureBlobStorage, type AzureBlobStorageOptions, DEFAULT_BLOCK_SIZE, MAX_BLOCK_SIZE } from '../src/index.js';

const connectionString = `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT.accountName};AccountKey=${AZURITE_ACCOUNT.accountKey};BlobEndpoint=http://127.0.0.1:1/${AZURITE_ACCOUNT.accountName};`;
const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('sink');
const base: AzureBlobStorageOptions = { container };

function configError(options: AzureBlobStorageOptions): ConfigError {
  try {
    new AzureBlobStorage(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('AzureBlobStorage options', () => {
  it('defaults: 8 MiB blocks, no prefix, conditional create and listStaged on', () => {
    const storage = new AzureBlobStorage(base);
    expect(storage.blockSize).toBe(DEFAULT_BLOCK_SIZE);
    expect(storage.prefix).toBe('');
    expect(storage.containerName).toBe('sink');
    expect(storage.capabilities).toEqual({ conditionalCreate: true, listStaged: true });
  });

  it('adds the trailing / to the prefix', () => {
    expect(new AzureBlobStorage({ ...base, prefix: 'a/b' }).prefix).toBe('a/b/');
    expect(new AzureBlobStorage({ ...base, prefix: 'a/b/' }).prefix).toBe('a/b/');
  });

  it('accepts blocks from 1 byte to 4000 MiB', () => {
    expect(new AzureBlobStorage({ ...base, blockSize: 1 }).blockSize).toBe(1);
    expect(new AzureBlobStorage({ ...base, blockSize: MAX_BLOCK_SIZE }).blockSize).toBe(4000 * 1024 * 1024);
  });

  it.each<[string, Partial<AzureBlobStorageOptions>, string]>([
    ['block size 0', { blockSize: 0 }, 'Invalid value 0 for configuration azblob.block.size: must be at least 1 byte'],
    [
      'block size above 4000 MiB',
      { blockSize: MAX_BLOCK_SIZE + 1 },
      `Invalid value ${MAX_BLOCK_SIZE + 1} for configuration azblob.block.size: must be at most ${MAX_BLOCK_SIZE} bytes (4000 MiB), Azure's largest block`,
    ],
    [
      'fractional block size',
      { blockSize: 1.5 },
      'Invalid value 1.5 for configuration azblob.block.size: must be a whole number of bytes',
    ],
    [
      'block size as a string',
      { blockSize: '8MiB' as unknown as number },
      'Invalid value 8MiB for configuration azblob.block.size: must be a number of bytes',
    ],
    [
      'conditionalCreate not a boolean',
      { conditionalCreate: 'yes' as unknown as boolean },
      'Invalid value yes for configuration azblob.conditional.create: must be true or false',
    ],
    [
      'retry attempts 0',
      { retry: { maxAttempts: 0 } },
      'Invalid value 0 for configuration azblob.retry.max.attempts: must be at least 1',
    ],
    [
      'negative back-off',
      { retry: { baseMs: -1 } },
      'Invalid value -1 for configuration azblob.retry.backoff.ms: must be at least 0',
    ],
  ])('%s is refused naming the key, the value and the reason', (_, options, message) => {
    expect(configError({ ...base, ...options }).message).toBe(message);
  });

  it('a missing or wrong container is refused without printing the client (its URL may hold a SAS)', () => {
    const missing = configError({} as AzureBlobStorageOptions);
    expect(missing.keys).toEqual(['azblob.container.name']);
    expect(missing.message).toMatch(/must be a ContainerClient from @azure\/storage-blob/);
    const sas = { url: 'https://acct.blob.core.windows.net/c?sv=2024&sig=SECRET' };
    const wrong = configError({ container: sas as never });
    expect(wrong.message).not.toContain('SECRET');
    expect(wrong.problems[0]?.value).toBeUndefined();
  });

  it('reports every problem at once', () => {
    const error = configError({ ...base, blockSize: -5, retry: { maxAttempts: 0, capMs: -1 } });
    expect(error.keys).toEqual(['azblob.block.size', 'azblob.retry.max.attempts', 'azblob.retry.max.backoff.ms']);
  });

  it('retries in the adapter only when the client does not retry by itself', () => {
    const noRetry = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: { maxTries: 1 } });
    expect(new AzureBlobStorage({ container: noRetry.getContainerClient('c') }).retryAttempts).toBe(5);
    // The SDK's default pipeline retries (4 tries): the adapter adds no second layer.
    expect(new AzureBlobStorage(base).retryAttempts).toBe(1);
    const sdkRetries = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: { maxTries: 3 } });
    expect(new AzureBlobStorage({ container: sdkRetries.getContainerClient('c') }).retryAttempts).toBe(1);
    expect(new AzureBlobStorage({ ...base, retry: { maxAttempts: 2 } }).retryAttempts).toBe(2);
  });
});
