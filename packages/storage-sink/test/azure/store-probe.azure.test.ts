import { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '@sinkkit/core';
import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageSinkConnector } from '../../src/index.js';

const env = useTestEnvironment({ azure: true }, { beforeAll, afterAll });

function props(container: string): Record<string, string> {
  const { azure } = env.current;
  return {
    'store.url': `azure://${container}/landing`,
    'store.url.endpoint': azure.blobEndpoint,
    'azblob.account.name': azure.accountName,
    'azblob.account.key': azure.accountKey,
    'format.class': 'json',
    'flush.size': '10',
  };
}

describe('the store is probed once at start (Azurite)', () => {
  it('a container that does not exist fails start with a ConfigError naming store.url and the container', async () => {
    const container = `missing${Math.random().toString(36).slice(2, 10)}`;
    const error = await new StorageSinkConnector().start(props(container)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems[0];
    expect(problem?.key).toBe('store.url');
    expect(problem?.value).toBe(`azure://${container}/landing`);
    expect(problem?.reason).toContain(`the container ${container} cannot be reached`);
    expect(problem?.reason).toMatch(/ContainerNotFound|404/);
    expect((error as ConfigError).message).not.toContain(env.current.azure.accountKey);
  });

  it('a container that exists starts', async () => {
    const container = `present${Math.random().toString(36).slice(2, 10)}`;
    await BlobServiceClient.fromConnectionString(env.current.azure.connectionString)
      .getContainerClient(container)
      .create();
    await expect(new StorageSinkConnector().start(props(container))).resolves.toBeUndefined();
  });
});
