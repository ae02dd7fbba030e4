import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, faults, s3ClientConfig, startFaultProxy, useTestEnvironment } from '../../src/index.js';

// The proxy in front of the real local servers, driven by the official SDKs: what the storage
// adapters' tests will rely on.
describe('fault proxy in front of real stores', () => {
  const env = useTestEnvironment(
    { s3: { buckets: ['proxied'] }, gcs: { buckets: ['proxied'] } },
    { beforeAll, afterAll },
  );
  let s3Proxy: FaultProxy;
  let gcsProxy: FaultProxy;
  beforeAll(async () => {
    s3Proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
    gcsProxy = await startFaultProxy({ target: env.current.gcs.apiEndpoint, enforceCreateOnly: true });
  });
  afterAll(async () => {
    await s3Proxy?.stop();
    await gcsProxy?.stop();
  });

  const s3 = (maxAttempts = 3) =>
    new S3Client({ ...s3ClientConfig(env.current.s3), endpoint: s3Proxy.url, maxAttempts });

  it('S3: a create-only PUT of an existing key gets 412 and leaves the object as it was', async () => {
    const client = s3();
    const put = (body: string) =>
      client.send(new PutObjectCommand({ Bucket: 'proxied', Key: 'wal/0001', Body: body, IfNoneMatch: '*' }));
    await put('first');
    await expect(put('second')).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    const object = await client.send(new GetObjectCommand({ Bucket: 'proxied', Key: 'wal/0001' }));
    expect(await object.Body?.transformToString()).toBe('first');
    client.destroy();
  });

  it('S3: injected 503 SlowDown answers reach the client, which retries past a short burst', async () => {
    const noRetry = s3(1);
    const burst = s3Proxy.addFault({ match: { method: 'PUT' }, when: { first: 1 }, action: faults.s3SlowDown() });
    await expect(
      noRetry.send(new PutObjectCommand({ Bucket: 'proxied', Key: 'slow', Body: 'x' })),
    ).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    burst.remove();

    const retrying = s3(4);
    const twice = s3Proxy.addFault({ match: { method: 'PUT' }, when: { first: 2 }, action: faults.s3SlowDown() });
    const answer = await retrying.send(new PutObjectCommand({ Bucket: 'proxied', Key: 'slow', Body: 'y' }));
    expect(answer.$metadata.attempts).toBe(3);
    expect(twice.fired).toBe(2);
    twice.remove();
    noRetry.destroy();
    retrying.destroy();
  });

  it('GCS: ifGenerationMatch=0 on an existing object gets 412', async () => {
    const storage = new Storage({ apiEndpoint: gcsProxy.url, projectId: env.current.gcs.projectId });
    const file = storage.bucket('proxied').file('wal/0001');
    await file.save('first', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    await expect(
      file.save('second', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    ).rejects.toMatchObject({ code: 412 });
    const [contents] = await file.download();
    expect(contents.toString()).toBe('first');
  });
});
