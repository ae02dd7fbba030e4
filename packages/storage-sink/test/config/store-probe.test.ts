import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '@sinkkit/core';
import { s3ClientConfig, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageSinkConnector } from '../../src/index.js';

const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });

function props(bucket: string): Record<string, string> {
  return {
    'store.url': `s3://${bucket}/sink`,
    'store.url.endpoint': env.current.s3.endpoint,
    's3.path.style.access.enabled': 'true',
    'aws.access.key.id': 'S3RVER',
    'aws.secret.access.key': 'S3RVER',
    's3.conditional.create': 'false',
    's3.list.staged': 'false',
    'format.class': 'json',
    'flush.size': '10',
  };
}

describe('the store is probed once at start (the S3 server of the test kit)', () => {
  it('a bucket that does not exist fails start with a ConfigError naming store.url, the URL and the bucket', async () => {
    const bucket = `missing-${Math.random().toString(36).slice(2, 10)}`;
    const error = await new StorageSinkConnector().start(props(bucket)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems[0];
    expect(problem?.key).toBe('store.url');
    expect(problem?.value).toBe(`s3://${bucket}/sink`);
    expect(problem?.reason).toContain(`the bucket ${bucket} cannot be reached`);
    expect(problem?.reason).toMatch(/NoSuchBucket/);
    expect((error as ConfigError).retriable).toBe(false);
  });

  it('with s3.bucket.name instead of store.url, the problem is on s3.bucket.name', async () => {
    const bucket = `missing-${Math.random().toString(36).slice(2, 10)}`;
    const { 'store.url': _url, ...rest } = props(bucket);
    const error = await new StorageSinkConnector()
      .start({ ...rest, 's3.bucket.name': bucket })
      .catch((e: unknown) => e);
    expect((error as ConfigError).problems[0]?.key).toBe('s3.bucket.name');
    expect((error as ConfigError).message).toContain(`the bucket ${bucket} cannot be reached`);
  });

  it('a bucket that exists starts, with the client built from the keys or one given in code', async () => {
    const bucket = `present-${Math.random().toString(36).slice(2, 10)}`;
    await env.current.s3.createBucket(bucket);
    const connector = new StorageSinkConnector();
    await expect(connector.start(props(bucket))).resolves.toBeUndefined();
    expect(connector.taskConfigs(1)).toHaveLength(1);
    const client = new S3Client({ ...s3ClientConfig(env.current.s3), endpoint: env.current.s3.endpoint });
    try {
      await expect(new StorageSinkConnector({ s3Client: client }).start(props(bucket))).resolves.toBeUndefined();
    } finally {
      client.destroy();
    }
  });
});
