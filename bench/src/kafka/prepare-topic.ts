import { randomBytes } from 'node:crypto';
import { type KafkaCluster, produceRecords } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { BenchError } from '../errors.js';

/** Options of {@link prepareTopic}. */
export interface PrepareTopicOptions {
  partitions: number;
  records: number;
  /** Size of each JSON value, in bytes (`{"id":n,"pad":"xx…"}`, as testkit's `produceRecords` writes). */
  valueBytes: number;
  /** Topic name. Default `bench-<random>`. */
  name?: string;
}

/** A topic filled by {@link prepareTopic}. */
export interface PreparedTopic {
  name: string;
  partitions: number;
  records: number;
  valueBytes: number;
  /** Sum of all value sizes. */
  bytes: number;
}

// The mock broker keeps only about the last 5 MB of each partition; stay well below.
const PARTITION_BUDGET_BYTES = 4_500_000;
// Per-record cost in a record batch beyond the value: key (the id), varints, attributes.
const RECORD_OVERHEAD_BYTES = 20;

/**
 * The number of partitions (at least `minimum`) over which `records` values of `valueBytes`
 * fit the mock broker's ~5 MB per-partition retention. Scale partitions with this when the
 * record count is a parameter (`--records`).
 */
export function partitionsFor(records: number, valueBytes: number, minimum = 32): number {
  const perRecord = valueBytes + RECORD_OVERHEAD_BYTES + String(records).length;
  return Math.max(minimum, Math.ceil((records * perRecord) / PARTITION_BUDGET_BYTES));
}

/**
 * Creates a topic with `partitions` partitions on the test cluster and fills it with `records`
 * records (testkit's `produceRecords`: key = id, JSON value of exactly `valueBytes` bytes, id n
 * on partition n % partitions), then checks with ListOffsets that every record is there, from
 * offset 0: the mock broker drops old data beyond ~5 MB per partition, which would silently
 * shrink the data set.
 *
 * @throws BenchError when the data would not fit the partitions, or records are missing.
 */
export async function prepareTopic(cluster: KafkaCluster, options: PrepareTopicOptions): Promise<PreparedTopic> {
  const { partitions, records, valueBytes } = options;
  const needed = partitionsFor(records, valueBytes, 1);
  if (partitions < needed) {
    throw new BenchError(
      `${records} records of ${valueBytes} bytes need at least ${needed} partitions (the mock broker keeps ` +
        `only ~5 MB per partition), got ${partitions}: use partitionsFor(records, valueBytes)`,
    );
  }
  const name = options.name ?? `bench-${randomBytes(4).toString('hex')}`;
  await cluster.createTopic(name, partitions);
  await produceRecords(cluster.bootstrapServers, name, records, { valueBytes, batchSize: 2_000 });

  const kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(name);
    const stored = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    const trimmed = offsets.filter((p) => p.low !== '0');
    if (stored !== records || trimmed.length > 0) {
      throw new BenchError(
        `topic ${name} holds ${stored} of ${records} records` +
          (trimmed.length > 0 ? `; ${trimmed.length} partitions lost their oldest records to retention` : ''),
      );
    }
  } finally {
    await admin.disconnect();
  }
  return { name, partitions, records, valueBytes, bytes: records * valueBytes };
}
