import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '@sinkkit/core';
import { s3ClientConfig, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageFromConfig } from '../../src/config/storage-from-config.js';
import { storeConfigDef } from '../../src/config/store-config-def.js';

const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });

/** Writes one object and one staged (multipart) object with the keys, returning the headers S3 got. */
async function headersSent(keys: Record<string, string>) {
  const bucket = `keys-${Math.random().toString(36).slice(2, 10)}`;
  await env.current.s3.createBucket(bucket);
  const client = new S3Client({ ...s3ClientConfig(env.current.s3), endpoint: env.current.s3.endpoint });
  const sent = new Map<string, Record<string, string>>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      sent.set(String(context.commandName), { ...headers });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordHeaders' },
  );
  const config = storeConfigDef().parse({
    'store.url': `s3://${bucket}/sink`,
    's3.conditional.create': 'false',
    's3.list.staged': 'false',
    ...keys,
  }).values;
  const storage = await storageFromConfig(config, client);
  await storage.putIfAbsent('wal/1', new Uint8Array([1]));
  const writer = await storage.openStaged('data/1');
  await writer.write(new Uint8Array([2]));
  await storage.finalize(await writer.close());
  client.destroy();
  const pick = (command: string) =>
    Object.fromEntries(
      Object.entries(sent.get(command) ?? {}).filter(([name]) =>
        /^x-amz-(server-side-encryption.*|acl|storage-class)$/.test(name),
      ),
    );
  return { put: pick('PutObjectCommand'), staged: pick('CreateMultipartUploadCommand') };
}

describe("Confluent's S3 object keys reach every object the sink writes", () => {
  it('s3.ssea.name=aws:kms with s3.sse.kms.key.id, s3.acl.canned and s3.storage.class', async () => {
    const { put, staged } = await headersSent({
      's3.ssea.name': 'aws:kms',
      's3.sse.kms.key.id': 'alias/sink',
      's3.acl.canned': 'bucket-owner-full-control',
      's3.storage.class': 'STANDARD_IA',
    });
    const expected = {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/sink',
      'x-amz-acl': 'bucket-owner-full-control',
      'x-amz-storage-class': 'STANDARD_IA',
    };
    expect(put).toEqual(expected);
    expect(staged).toEqual(expected);
  });

  it("s3.ssea.name=AES256; and by default (''), nothing: the bucket's own settings apply", async () => {
    expect((await headersSent({ 's3.ssea.name': 'AES256' })).put).toEqual({ 'x-amz-server-side-encryption': 'AES256' });
    expect((await headersSent({})).staged).toEqual({});
  });

  it('a KMS key without aws:kms, or an unknown algorithm, fails at start naming the key', async () => {
    const kmsAlone = await storageFromConfig(
      storeConfigDef().parse({ 'store.url': 's3://b', 's3.sse.kms.key.id': 'alias/k' }).values,
      new S3Client({ region: 'us-east-1' }),
    ).catch((e: unknown) => e);
    expect(kmsAlone).toBeInstanceOf(ConfigError);
    expect(String(kmsAlone)).toContain(
      "Invalid value alias/k for configuration s3.sse.kms.key.id: a KMS key needs s3.ssea.name=aws:kms, not ''",
    );
    const customerKey = await storageFromConfig(
      storeConfigDef().parse({ 'store.url': 's3://b', 's3.sse.customer.key': 'c2VjcmV0LWN1c3RvbWVyLWtleQ==' }).values,
      new S3Client({ region: 'us-east-1' }),
    ).catch((e: unknown) => e);
    expect(customerKey).toBeInstanceOf(ConfigError);
    expect(String(customerKey)).toContain('s3.sse.customer.key: SSE-C (customer-provided keys) is not supported');
    expect(String(customerKey)).not.toContain('c2VjcmV0');
    expect(() => storeConfigDef().parse({ 's3.ssea.name': 'DES' })).toThrow(
      /Invalid value DES for configuration s3\.ssea\.name/,
    );
  });
});
