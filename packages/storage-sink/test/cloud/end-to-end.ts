import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Storage, topicPartition } from '@sinkkit/core';
import { ConnectorRunner, silentLogger } from '@sinkkit/runtime';
import { type KafkaCluster, mockClusterConsumerConfig, type ProducedRecords, startProcess } from '@sinkkit/testkit';
import { Wal } from '@sinkkit/wal';
import { StorageSinkConnector } from '../../src/index.js';

/** The built `sinkkit` binary: `verify` audits what the sink wrote, as a user would run it. */
const SINKKIT = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

/** The runtime keys of a run on the mock cluster; values are the producer's JSON, written as JSON lines. */
export function runtimeProps(cluster: KafkaCluster, topic: string): Record<string, string> {
  return {
    name: `cloud-sink-${randomBytes(4).toString('hex')}`,
    'bootstrap.servers': cluster.bootstrapServers,
    topics: topic,
    'tasks.max': '1',
    'offset.flush.interval.ms': '500',
    'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
    'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
    'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
    'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
    'format.bytearray.extension': '.json',
  };
}

/**
 * Runs the storage sink through the runtime, configured by `config` alone (store.url and the
 * adapter's keys), until every partition's WAL reaches the end of what was produced (read on
 * `audit`), then stops it. Returns how long it ran.
 */
export async function runUntilCommitted(options: {
  readonly config: Record<string, string>;
  readonly produced: ProducedRecords;
  readonly topic: string;
  readonly audit: Storage;
  readonly timeoutMs?: number;
}): Promise<{ ms: number }> {
  const started = performance.now();
  const runner = new ConnectorRunner({
    connector: new StorageSinkConnector(),
    logger: silentLogger,
    config: options.config,
  });
  const wal = new Wal(options.audit, { onWarning: () => {} });
  let late: string[] = [];
  try {
    await runner.start();
    const deadline = Date.now() + (options.timeoutMs ?? 45_000);
    for (;;) {
      late = [];
      for (const [partition, next] of options.produced.nextOffsets) {
        const entry = await wal.latest(topicPartition(options.topic, partition)).catch(() => undefined);
        if (entry?.nextOffset !== BigInt(next)) late.push(`${partition}: ${entry?.nextOffset ?? 'none'}/${next}`);
      }
      if (late.length === 0 || Date.now() > deadline) break;
      const failed = runner.status().find((s) => s.state === 'FAILED');
      if (failed) throw new Error(`task ${failed.taskId} failed: ${failed.error?.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await runner.stop();
  }
  if (late.length > 0) throw new Error(`not committed to the end in time (committed/expected): ${late.join(', ')}`);
  return { ms: Math.round(performance.now() - started) };
}

/** Every id in the data files of `topic` (JSON lines `{"id":…}`), with how often each appears. */
export async function idsWritten(storage: Storage, topic: string) {
  const counts = new Map<number, number>();
  let files = 0;
  let pageToken: string | undefined;
  do {
    const page = await storage.list(`topics/${topic}/`, pageToken === undefined ? {} : { pageToken });
    for (const { key } of page.objects) {
      files += 1;
      const text = new TextDecoder().decode(await storage.get(key));
      for (const line of text.split('\n').filter(Boolean)) {
        const id = (JSON.parse(line) as { id: number }).id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return { files, counts };
}

/** Runs `sinkkit verify --config <store keys> --topics <topic> --json`: its exit code and report. */
export async function verifyWithCli(storeKeys: Record<string, string>, topic: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sink-verify-'));
  try {
    const file = join(dir, 'store.properties');
    writeFileSync(
      file,
      `${Object.entries(storeKeys)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    const proc = startProcess('sinkkit', process.execPath, [
      SINKKIT,
      'verify',
      '--config',
      file,
      '--topics',
      topic,
      '--json',
    ]);
    const code = await proc.exited;
    const output = proc.output();
    const json = output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1);
    return { code, output, report: JSON.parse(json) as VerifyTotals };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The part of `sinkkit verify --json`'s report the tests read. */
export interface VerifyTotals {
  readonly ok: boolean;
  readonly totals: { partitions: number; batches: number; files: number; records: number; errors: number };
}
