import { randomBytes } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { GcsStorage } from '@sinkkit/storage-gcs';
import { type FaultProxy, produceRecords, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsWritten, runtimeProps, runUntilCommitted, verifyWithCli } from '../cloud/end-to-end.js';

const RECORDS = 1_200;
const PARTITIONS = 4;
const FLUSH_SIZE = 50; // 300 records per partition: 6 files each

const env = useTestEnvironment({ kafka: true, gcs: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.gcs.apiEndpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

describe('end to end through the runtime and Kafka into the GCS emulator, configured by store.url', () => {
  it('gs://bucket/prefix through the create-only proxy (fenced): every record exactly once, and sinkkit verify agrees', async () => {
    const { kafka, gcs } = env.current;
    const topic = `gcs-e2e-${randomBytes(4).toString('hex')}`;
    await kafka.createTopic(topic, PARTITIONS);
    const produced = await produceRecords(kafka.bootstrapServers, topic, RECORDS);
    const bucket = `sink-${randomBytes(6).toString('hex')}`;
    await gcs.createBucket(bucket);
    const storeKeys = { 'store.url': `gs://${bucket}/landing`, 'gcs.project.id': gcs.projectId };
    // Read back directly from the emulator, with a client of its own, at the prefix the URL names.
    const audit = new GcsStorage({
      bucket: new Storage({ apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId }).bucket(bucket),
      prefix: 'landing',
      conditionalCreate: false,
    });
    const before = proxy.requests.length;

    const { ms } = await runUntilCommitted({
      topic,
      produced,
      audit,
      config: {
        ...runtimeProps(kafka, topic),
        ...storeKeys,
        'store.url.endpoint': proxy.url,
        'flush.size': String(FLUSH_SIZE),
      },
    });

    const { files, counts } = await idsWritten(audit, topic);
    expect(files).toBe(RECORDS / FLUSH_SIZE);
    expect(counts.size).toBe(RECORDS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The commit points went through the proxy as create-only writes of absent names.
    const wal = proxy.requests.slice(before).filter((r) => r.createOnly?.key?.includes('_sinkkit/wal/'));
    expect(wal.length).toBeGreaterThanOrEqual(RECORDS / FLUSH_SIZE);
    expect(wal.every((r) => r.createOnly?.outcome === 'absent')).toBe(true);
    const verified = await verifyWithCli({ ...storeKeys, 'store.url.endpoint': gcs.apiEndpoint }, topic);
    expect(verified.report.ok).toBe(true);
    expect(verified.report.totals).toMatchObject({
      partitions: PARTITIONS,
      files: RECORDS / FLUSH_SIZE,
      records: RECORDS,
      errors: 0,
    });
    expect(verified.code).toBe(0);
    console.info(`GCS emulator e2e (fenced): ${RECORDS} records, ${PARTITIONS} partitions, ${files} files, ${ms} ms`);
  }, 60_000);
});
