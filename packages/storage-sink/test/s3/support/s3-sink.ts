import { randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { topicPartition } from '@sinkkit/core';
import { ConnectorRunner, type Logger, silentLogger } from '@sinkkit/runtime';
import { S3Storage } from '@sinkkit/storage-s3';
import {
  type KafkaCluster,
  mockClusterConsumerConfig,
  type ProducedRecords,
  type S3Server,
  s3ClientConfig,
} from '@sinkkit/testkit';
import { committedBatches, Wal } from '@sinkkit/wal';
import { StorageSinkConnector, type StorageSinkOptions } from '../../../src/index.js';

/** A fresh bucket on `server`, so tests sharing one s3rver never see each other's objects. */
export async function newBucket(server: S3Server): Promise<string> {
  const bucket = `sink-${randomBytes(6).toString('hex')}`;
  await server.createBucket(bucket);
  return bucket;
}

/**
 * A client for `server` reached at `endpoint` (s3rver itself or a proxy in front of it), with the
 * testkit's settings: the SDK's default flexible checksums corrupt uploads to s3rver.
 */
export function s3Client(server: S3Server, endpoint = server.endpoint, extra: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...s3ClientConfig(server), endpoint, ...extra });
}

/** A Storage that reads the bucket directly (never through the proxy), for polling and auditing. */
export function auditStorage(server: S3Server, bucket: string): S3Storage {
  return new S3Storage({ client: s3Client(server), bucket, listStaged: false });
}

/** The runtime keys every run shares: the mock cluster's group timings, a short offset flush. */
export function runtimeProps(cluster: KafkaCluster, topic: string): Record<string, string> {
  return {
    name: `s3-sink-${randomBytes(4).toString('hex')}`,
    'bootstrap.servers': cluster.bootstrapServers,
    topics: topic,
    'offset.flush.interval.ms': '500',
    'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
    'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
    'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
    // Values are the producer's JSON: written as they are, one per line, they make JSON lines.
    'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
    'format.bytearray.extension': '.json',
  };
}

/**
 * Runs the storage sink through the runtime until the WAL of every partition has reached the
 * offset after its last produced record (polled on `audit`, not through any proxy), then stops
 * it. Returns how long it ran. Throws, naming the partitions behind, when `timeoutMs` passes.
 */
export async function runUntilCommitted(options: {
  readonly config: Record<string, string>;
  readonly connector?: StorageSinkOptions;
  readonly produced: ProducedRecords;
  readonly topic: string;
  readonly audit: S3Storage;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}): Promise<{ ms: number }> {
  const started = performance.now();
  const runner = new ConnectorRunner({
    connector: new StorageSinkConnector(options.connector),
    logger: options.logger ?? silentLogger,
    config: options.config,
  });
  const wal = new Wal(options.audit, { onWarning: () => {} });
  const behind = async () => {
    const late: string[] = [];
    for (const [partition, next] of options.produced.nextOffsets) {
      const entry = await wal.latest(topicPartition(options.topic, partition)).catch(() => undefined);
      if (entry?.nextOffset !== BigInt(next)) late.push(`${partition}: ${entry?.nextOffset ?? 'none'}/${next}`);
    }
    return late;
  };
  let late: string[] = [];
  try {
    await runner.start();
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    for (;;) {
      late = await behind();
      if (late.length === 0 || Date.now() > deadline) break;
      const failed = runner.status().find((s) => s.state === 'FAILED');
      if (failed) throw new Error(`task ${failed.taskId} failed: ${failed.error?.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await runner.stop();
  }
  if (late.length > 0) {
    throw new Error(`partitions not committed to the end in time (committed/expected): ${late.join(', ')}`);
  }
  return { ms: Math.round(performance.now() - started) };
}

/** One data file as read back with the S3 client. */
export interface ReadFile {
  readonly key: string;
  readonly size: number;
  readonly partition: number;
  readonly startOffset: number;
  /** The `id` of each JSON line, in file order. */
  readonly ids: readonly number[];
}

/** Every object under `<topicsDir>/<topic>/`, read with ListObjectsV2 and GetObject, its JSON lines parsed. */
export async function readBack(client: S3Client, bucket: string, topic: string, topicsDir = 'topics') {
  const files: ReadFile[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${topicsDir}/${topic}/`, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? '';
      const name = /\/([^/]+)\+(\d+)\+(\d+)\.json$/.exec(key);
      if (!name || name[1] !== topic) throw new Error(`unexpected object ${key}`);
      const body = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = await (body.Body?.transformToString() ?? '');
      const ids = text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: number }).id);
      files.push({ key, size: object.Size ?? 0, partition: Number(name[2]), startOffset: Number(name[3]), ids });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return files;
}

/**
 * Maps every id read back to the (partition, offset) its file name and line number say, and
 * compares with where the producer put it: duplicates, missing ids and misplaced ones (an id in
 * the wrong partition or at the wrong offset, e.g. after a gap or a reordering).
 */
export function auditIds(files: readonly ReadFile[], produced: ProducedRecords) {
  const seen = new Map<number, number>();
  const misplaced: string[] = [];
  const where = new Map(produced.records.map((r) => [r.id, r]));
  for (const file of files) {
    file.ids.forEach((id, line) => {
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const expected = where.get(id);
      const offset = file.startOffset + line;
      if (!expected || expected.partition !== file.partition || expected.offset !== offset) {
        misplaced.push(
          `id ${id} at ${file.partition}/${offset} (produced at ${expected?.partition}/${expected?.offset})`,
        );
      }
    });
  }
  return {
    records: [...seen.values()].reduce((a, b) => a + b, 0),
    duplicates: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
    missing: produced.records.filter((r) => !seen.has(r.id)).map((r) => r.id),
    misplaced,
  };
}

/**
 * Checks the commit history against the bucket, per partition: each batch's files (and skipped
 * records) fill its offset range exactly and the last batch ends after the last record; the files
 * the batches list are exactly the files in the bucket, with the listed size, record count and offsets. Returns the problems found (empty when they agree)
 * and the number of batches that committed files.
 */
export async function auditHistory(
  storage: S3Storage,
  topic: string,
  files: readonly ReadFile[],
  produced: ProducedRecords,
) {
  const problems: string[] = [];
  let batches = 0;
  const writers = new Set<string>();
  const byKey = new Map(files.map((f) => [f.key, f]));
  const listed = new Set<string>();
  for (const [partition, next] of produced.nextOffsets) {
    const history = await committedBatches(storage, topicPartition(topic, partition));
    let previous: bigint | undefined;
    for (const batch of history) {
      // The range a batch covers starts where the previous one ended (0 for the first: the group
      // started from the earliest offset); its files and skipped records must fill it exactly.
      const from = batch.fromOffset ?? 0n;
      const to = batch.nextOffset ?? from;
      const held = batch.files.reduce((n, f) => n + f.recordCount, 0) + batch.skipped;
      if (BigInt(held) !== to - from) {
        problems.push(`${partition} seq ${batch.seq}: [${from}, ${to}) holds ${held} records`);
      }
      previous = batch.nextOffset ?? previous;
      if (batch.files.length > 0) {
        batches += 1;
        writers.add(batch.writerId);
      }
      for (const file of batch.files) {
        listed.add(file.key);
        const read = byKey.get(file.key);
        if (!read) {
          problems.push(`${file.key}: committed in seq ${batch.seq} but not in the bucket`);
          continue;
        }
        const range = [BigInt(read.startOffset), BigInt(read.startOffset + read.ids.length - 1)];
        if (file.size !== read.size || file.recordCount !== read.ids.length) {
          problems.push(
            `${file.key}: logged ${file.size} B/${file.recordCount} records, read ${read.size} B/${read.ids.length}`,
          );
        }
        if (file.startOffset !== range[0] || file.endOffset !== range[1]) {
          problems.push(
            `${file.key}: logged offsets ${file.startOffset}-${file.endOffset}, read ${range[0]}-${range[1]}`,
          );
        }
        if (file.startOffset < from || file.endOffset >= to) {
          problems.push(`${file.key}: outside its batch's range [${from}, ${to})`);
        }
      }
    }
    if (previous !== BigInt(next)) problems.push(`${partition}: history ends at ${previous}, expected ${next}`);
  }
  for (const key of byKey.keys())
    if (!listed.has(key)) problems.push(`${key}: in the bucket but in no committed batch`);
  return { problems, batches, writers };
}
