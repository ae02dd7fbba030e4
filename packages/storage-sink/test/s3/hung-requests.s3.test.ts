import { randomBytes } from 'node:crypto';
import {
  type FaultProxy,
  faults,
  type ProxiedRequest,
  produceRecords,
  startFaultProxy,
  useTestEnvironment,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditIds,
  auditStorage,
  newBucket,
  readBack,
  runtimeProps,
  runUntilCommitted,
  s3Client,
} from './support/s3-sink.js';

const RECORDS = 600;
const PARTITIONS = 2;
const FLUSH_SIZE = 30;

const env = useTestEnvironment({ kafka: true, s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

const isPart = (r: ProxiedRequest) => r.method === 'PUT' && r.query.has('partNumber');
const isComplete = (r: ProxiedRequest) => r.method === 'POST' && r.query.has('uploadId');
const isWalWrite = (r: ProxiedRequest) => r.method === 'PUT' && r.path.includes('/_sinkkit/wal/');
const isList = (r: ProxiedRequest) => r.method === 'GET' && r.query.has('list-type');

describe('S3 requests that never get an answer, while the sink runs end to end (store built from the keys)', () => {
  it('each hung request times out at store.request.timeout.ms and is retried: everything committed once', async () => {
    const topic = `s3-hang-${randomBytes(4).toString('hex')}`;
    await env.current.kafka.createTopic(topic, PARTITIONS);
    const produced = await produceRecords(env.current.kafka.bootstrapServers, topic, RECORDS);
    const bucket = await newBucket(env.current.s3);
    const hangs = [isList, isPart, isComplete, isWalWrite].map((predicate) =>
      proxy.addFault({ match: { predicate }, when: { first: 2 }, action: faults.hang() }),
    );
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    let ms: number;
    try {
      ({ ms } = await runUntilCommitted({
        topic,
        produced,
        audit: auditStorage(env.current.s3, bucket),
        timeoutMs: 60_000,
        config: {
          ...runtimeProps(env.current.kafka, topic),
          'flush.size': String(FLUSH_SIZE),
          'tasks.max': '1',
          'store.url': `s3://${bucket}`,
          'store.url.endpoint': proxy.url,
          's3.path.style.access.enabled': 'true',
          'aws.access.key.id': 'S3RVER',
          'aws.secret.access.key': 'S3RVER',
          's3.list.staged': 'false',
          'store.request.timeout.ms': '1000',
          's3.retry.backoff.ms': '10',
        },
      }));
    } finally {
      process.off('warning', listen);
      proxy.clearFaults();
    }

    expect(hangs.map((h) => h.fired)).toEqual([2, 2, 2, 2]);
    const files = await readBack(s3Client(env.current.s3), bucket, topic);
    expect(auditIds(files, produced)).toEqual({ records: RECORDS, duplicates: [], missing: [], misplaced: [] });
    const logged = warnings.filter((w) => (w as { code?: string }).code === 'SINKKIT_STORE_FAILURE');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]?.message).toMatch(/store\.request\.timeout\.ms/);
    expect(logged[0]?.message).toContain('check store.url.endpoint');
    console.info(`S3 hangs: ${RECORDS} records, 8 hung requests, ${files.length} files, ${ms} ms`);
  }, 120_000);
});
