import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Storage } from '@sinkkit/storage-s3';
import {
  type FaultProxy,
  faults,
  produceRecords,
  S3RVER_CREDENTIALS,
  s3ClientConfig,
  startFaultProxy,
  useTestEnvironment,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VerifyReport, verify } from '../../src/index.js';
import { startCli } from '../support/cli-process.js';

// The real storage sink on S3 (s3rver behind the test kit's fault proxy), with every store request
// hanging from some moment on (the proxy's `hang`: no answer, ever). SIGTERM must take effect within
// task.shutdown.graceful.timeout.ms (plus at most 1 s to leave the group), and nothing may be lost:
// a second process, with the store answering again, writes every record exactly once.
const TOPIC = 'hang-s3';
const BUCKET = 'hang';
const TIMEOUT_MS = 2_000;
const SLACK_MS = 2_500;
const FIRST = 1_000;
const SECOND = 1_000;

const env = useTestEnvironment(
  { kafka: { topics: [{ name: TOPIC, partitions: 2 }] }, s3: { buckets: [BUCKET] } },
  { beforeAll, afterAll },
);
let dir: string;
let proxy: FaultProxy;
let client: S3Client;
let storage: S3Storage;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-store-hang-'));
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
  client = new S3Client(s3ClientConfig(env.current.s3));
  // The audit reads s3rver directly, not through the proxy.
  storage = new S3Storage({ client, bucket: BUCKET, prefix: 'sink', conditionalCreate: false, listStaged: false });
});
afterAll(async () => {
  client?.destroy();
  await proxy?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function files(): string[] {
  const worker = write('worker.properties', [
    `bootstrap.servers=${env.current.kafka.bootstrapServers}`,
    'value.converter=org.apache.kafka.connect.storage.StringConverter',
    'offset.flush.interval.ms=500',
    `task.shutdown.graceful.timeout.ms=${TIMEOUT_MS}`,
    'consumer.session.timeout.ms=3000',
    'consumer.heartbeat.interval.ms=300',
    'consumer.fetch.max.wait.ms=100',
  ]);
  const connector = write('hang-sink.properties', [
    'name=hang-sink',
    'connector.class=StorageSinkConnector',
    `topics=${TOPIC}`,
    `store.url=s3://${BUCKET}/sink`,
    `store.url.endpoint=${proxy.url}`,
    's3.path.style.access.enabled=true',
    `aws.access.key.id=${S3RVER_CREDENTIALS.accessKeyId}`,
    `aws.secret.access.key=${S3RVER_CREDENTIALS.secretAccessKey}`,
    's3.list.staged=false',
    'format.class=json',
    'flush.size=100',
  ]);
  return [worker, connector];
}

function committed(report: VerifyReport): bigint {
  return report.partitions.reduce((sum, p) => sum + (p.committed ? p.committed.to - p.committed.from : 0n), 0n);
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('sinkkit standalone: SIGTERM while every store request hangs', () => {
  it('exits 3 within the timeout, and a restart writes every record exactly once', async () => {
    await produceRecords(env.current.kafka.bootstrapServers, TOPIC, FIRST);
    const first = startCli(['standalone', ...files()]);
    try {
      await waitFor(async () => committed(await verify({ storage, topics: [TOPIC] })) > 0n, 'a first commit', 45_000);
      // From now on the store never answers.
      const hang = proxy.addFault({ action: faults.hang() });
      await produceRecords(env.current.kafka.bootstrapServers, TOPIC, SECOND, { firstId: FIRST });
      await waitFor(() => proxy.requests.some((r) => r.faults.length > 0), 'a request hanging', 30_000);
      // Give the sink time to be stuck on it (a put or a commit waiting for that request).
      await new Promise((r) => setTimeout(r, 1_000));

      const sent = Date.now();
      process.kill(first.pid, 'SIGTERM');
      const code = await first.exited;
      const ms = Date.now() - sent;
      const output = first.output();
      console.log(`store hang: SIGTERM took effect after ${ms} ms (task.shutdown.graceful.timeout.ms=${TIMEOUT_MS})`);
      expect(code, output).toBe(3);
      expect(ms, output).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(
        output.match(/Task hang-sink-0 did not stop within task\.shutdown\.graceful\.timeout\.ms=2000 ms/g),
      ).toHaveLength(1);
      expect(output).toContain('its uncommitted records will be re-read from Kafka');
      hang.remove();
    } finally {
      await first.stop(1_000);
    }
    proxy.clearFaults();

    const second = startCli(['standalone', ...files()]);
    try {
      await waitFor(
        async () => committed(await verify({ storage, topics: [TOPIC] })) === BigInt(FIRST + SECOND),
        'every record committed after the restart',
        60_000,
      );
      await second.waitForOutput(/started 1 connector/, 10_000);
      process.kill(second.pid, 'SIGTERM');
      expect(await second.exited, second.output()).toBe(0);
    } finally {
      await second.stop(1_000);
    }
    const report = await verify({ storage, topics: [TOPIC] });
    const errors = report.partitions.flatMap((p) => p.issues.filter((i) => i.severity === 'error'));
    expect(errors).toEqual([]);
    expect(report.totals.records).toBe(FIRST + SECOND);
    for (const p of report.partitions) expect(p.covered).toEqual([p.committed]);
    expect(report.partitions.map((p) => p.committed?.from)).toEqual([0n, 0n]);
  }, 180_000);
});
