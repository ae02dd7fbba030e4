import { randomBytes } from 'node:crypto';
import { type FaultProxy, produceRecords, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditHistory,
  auditIds,
  auditStorage,
  newBucket,
  readBack,
  runtimeProps,
  runUntilCommitted,
  s3Client,
} from './support/s3-sink.js';

// Two tasks in one group through the create-only proxy, so partitions may move between writers
// and the WAL's fencing is exercised; the run without fencing keeps one task (one writer per partition).
const RECORDS = 4_800;
const PARTITIONS = 6;
const FLUSH_SIZE = 40; // 800 records per partition: 20 files each, 120 in all
// The run without the proxy proves the configuration path and the announced weaker guarantee; half the data.
const UNFENCED_RECORDS = 2_400;
const UNFENCED_PARTITIONS = 4;

const env = useTestEnvironment({ kafka: true, s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

async function produce(records: number, partitions: number) {
  const topic = `s3-e2e-${randomBytes(4).toString('hex')}`;
  await env.current.kafka.createTopic(topic, partitions);
  const produced = await produceRecords(env.current.kafka.bootstrapServers, topic, records);
  return { topic, produced };
}

describe('end to end through the runtime into s3rver', () => {
  it('via the create-only proxy (s3.conditional.create=true, the WAL fenced): every record exactly once, the WAL agrees', async () => {
    const { topic, produced } = await produce(RECORDS, PARTITIONS);
    const bucket = await newBucket(env.current.s3);
    const audit = auditStorage(env.current.s3, bucket);
    const before = proxy.requests.length;
    const { ms } = await runUntilCommitted({
      topic,
      produced,
      audit,
      connector: { s3Client: s3Client(env.current.s3, proxy.url) },
      config: {
        ...runtimeProps(env.current.kafka, topic),
        'store.url': `s3://${bucket}`,
        's3.conditional.create': 'true',
        's3.list.staged': 'false', // s3rver answers 501 to ListMultipartUploads
        'flush.size': String(FLUSH_SIZE),
        'tasks.max': '2',
      },
    });

    const files = await readBack(s3Client(env.current.s3), bucket, topic);
    expect(files).toHaveLength(RECORDS / FLUSH_SIZE);
    expect(auditIds(files, produced)).toEqual({ records: RECORDS, duplicates: [], missing: [], misplaced: [] });
    const history = await auditHistory(audit, topic, files, produced);
    expect(history.problems).toEqual([]);
    expect(history.batches).toBe(RECORDS / FLUSH_SIZE);

    // The sink's commit points went through the proxy as create-only writes it checked: every WAL
    // entry and every completed upload that succeeded was a write-if-absent of an absent key, each
    // key once. With two tasks a partition may briefly have a stale writer (a rebalance moved it);
    // its writes to keys the new owner created first were refused with 412, which fences it.
    const requests = proxy.requests.slice(before);
    const walWrites = requests.filter((r) => r.method === 'PUT' && r.path.includes('/_sinkkit/wal/'));
    const completes = requests.filter((r) => r.method === 'POST' && new URLSearchParams(r.query).has('uploadId'));
    const ok = (r: (typeof requests)[number]) => r.status === 200;
    const fenced = [...walWrites, ...completes].filter((r) => !ok(r));
    expect(walWrites.filter(ok).length).toBeGreaterThanOrEqual(RECORDS / FLUSH_SIZE);
    expect(walWrites.filter(ok).every((r) => r.createOnly?.outcome === 'absent')).toBe(true);
    expect(new Set(walWrites.filter(ok).map((r) => r.path)).size).toBe(walWrites.filter(ok).length);
    expect(completes.filter(ok)).toHaveLength(RECORDS / FLUSH_SIZE);
    expect(completes.filter(ok).every((r) => r.createOnly?.outcome === 'absent')).toBe(true);
    expect(fenced.map((r) => [r.createOnly?.outcome, r.status])).toEqual(fenced.map(() => ['exists', 412]));
    console.info(
      `S3 e2e (fenced): ${RECORDS} records, ${PARTITIONS} partitions, 2 tasks, ${files.length} files, ${walWrites.length} WAL writes (${fenced.length} writes fenced), ${requests.length} S3 requests, ${ms} ms`,
    );
  }, 120_000);

  it('directly against s3rver with s3.conditional.create=false: exactly once with one writer per partition, and the missing fence is announced', async () => {
    const { topic, produced } = await produce(UNFENCED_RECORDS, UNFENCED_PARTITIONS);
    const bucket = await newBucket(env.current.s3);
    const audit = auditStorage(env.current.s3, bucket);
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.code === 'SINKKIT_WAL_NO_FENCING') warnings.push(w.message);
    };
    process.on('warning', onWarning);
    let ms: number;
    try {
      ({ ms } = await runUntilCommitted({
        topic,
        produced,
        audit,
        config: {
          ...runtimeProps(env.current.kafka, topic),
          // The configuration path alone builds the client here, as a user of a properties file would.
          'store.url': `s3://${bucket}`,
          'store.url.endpoint': env.current.s3.endpoint,
          's3.path.style.access.enabled': 'true',
          'aws.access.key.id': env.current.s3.credentials.accessKeyId,
          'aws.secret.access.key': env.current.s3.credentials.secretAccessKey,
          's3.conditional.create': 'false',
          's3.list.staged': 'false',
          'flush.size': String(FLUSH_SIZE),
          'tasks.max': '1',
        },
      }));
      await new Promise((r) => setImmediate(r)); // process warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }

    const files = await readBack(s3Client(env.current.s3), bucket, topic);
    expect(files).toHaveLength(UNFENCED_RECORDS / FLUSH_SIZE);
    expect(auditIds(files, produced)).toEqual({
      records: UNFENCED_RECORDS,
      duplicates: [],
      missing: [],
      misplaced: [],
    });
    expect((await auditHistory(audit, topic, files, produced)).problems).toEqual([]);
    // The weaker guarantee is said, not silent: without create-only writes the WAL cannot fence a
    // zombie, so exactly-once holds only while each partition has a single writer.
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/cannot fence a zombie/);
    console.info(`S3 e2e (no fencing): ${UNFENCED_RECORDS} records, ${files.length} files, ${ms} ms`);
  }, 120_000);
});
