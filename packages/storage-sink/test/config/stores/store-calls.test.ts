import { createServer } from 'node:net';
import { StorageErrorCode, topicPartition } from '@sinkkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../../../src/index.js';
import { FakeConsumer, records, sourceOf } from '../../support/harness.js';

/** A port on 127.0.0.1 nothing listens on: every connection is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SECRET = 'c2VjcmV0LWRvLW5vdC1sZWFr';
const stores = (endpoint: string): Record<string, Record<string, string>> => ({
  s3: {
    'store.url': 's3://unreachable-bucket/out',
    'store.url.endpoint': endpoint,
    's3.path.style.access.enabled': 'true',
    'aws.access.key.id': 'AKIASINKKIT',
    'aws.secret.access.key': SECRET,
    // Minutes of retrying, were the stop not to end them.
    's3.part.retries': '60',
    's3.retry.backoff.ms': '3000',
  },
  gcs: { 'store.url': 'gs://unreachable-bucket/out', 'store.url.endpoint': endpoint },
  azure: {
    'store.url': 'azure://unreachable/out',
    'store.url.endpoint': `${endpoint}/devstoreaccount1`,
    'azblob.account.name': 'devstoreaccount1',
    'azblob.account.key': SECRET,
  },
  oss: {
    'store.url': 'oss://unreachable-bucket/out',
    'oss.endpoint': endpoint,
    'oss.access.key.id': 'LTAIsinkkit',
    'oss.access.key.secret': SECRET,
  },
});
const checkKey: Record<string, string> = {
  s3: 'store.url.endpoint',
  gcs: 'store.url.endpoint',
  azure: 'store.url.endpoint',
  oss: 'oss.endpoint',
};

let warnings: Error[] = [];
const listen = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', listen);
});
afterEach(() => {
  process.off('warning', listen);
});

describe.each(['s3', 'gcs', 'azure', 'oss'])('a %s store on a closed port', (kind) => {
  it('is logged at the first failed attempt (one line: store, endpoint, key to check), and stop ends the retries at once', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const tp = topicPartition('orders', 0);
    const consumer = new FakeConsumer(sourceOf(records('orders', 0, 3)));
    const task = new StorageSinkTask();
    task.initialize(consumer.context);
    await task.start({ 'format.class': 'json', 'flush.size': '10', ...stores(endpoint)[kind] });

    // Recovery reads the commit log: it fails, and would retry for minutes.
    const opening = task.open([tp]).then(
      () => 'opened',
      (error: unknown) => error,
    );
    const started = Date.now();
    while (!warnings.some((w) => (w as { code?: string }).code === 'SINKKIT_STORE_FAILURE')) {
      if (Date.now() - started > 10_000) throw new Error('no warning within 10 s of the first failure');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stoppedAt = Date.now();
    await task.stop();
    const error = await opening;
    const stopMs = Date.now() - stoppedAt;

    expect(error).toMatchObject({ code: StorageErrorCode.STOPPED, retriable: false });
    expect(stopMs).toBeLessThan(1500);
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'SINKKIT_STORE_FAILURE');
    expect(ours).toHaveLength(1);
    const line = ours[0]?.message ?? '';
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain(stores(endpoint)[kind]?.['store.url'] as string);
    expect(line).toContain(`127.0.0.1:${new URL(endpoint).port}`);
    expect(line).toContain(`check ${checkKey[kind]}`);
    expect(line).toContain('attempt 1 failed, retrying');
    expect(line).not.toContain(SECRET);
  });
});
