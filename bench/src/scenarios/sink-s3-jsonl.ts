import type { Scenario } from '../scenario.js';
import { s3rverStore } from '../sink/s3rver-store.js';
import { flushSizeDividing, runSinkScenario, VALUE_BYTES } from '../sink/sink-scenario.js';

/**
 * The storage sink end to end into the local S3 server (s3rver, JavaScript, on the same
 * machine): SinkRunner (StringConverter) → JSON lines, DefaultPartitioner → S3Storage, timed
 * until every record is committed, against raw kafkajs on the same topic (see `s3rverStore`).
 * The consumer runs on a worker thread (`sinkkit.consumer.thread=worker`, the setting for
 * throughput). Goal: at least 70 % of raw records/s.
 */
export const sinkS3Jsonl: Scenario = {
  name: 'sink-s3-jsonl',
  description: `storage sink (JSON lines, DefaultPartitioner) → S3Storage on s3rver, until committed, vs raw kafkajs; ${VALUE_BYTES}-byte values`,
  async run(ctx) {
    const s3rver = s3rverStore();
    try {
      const result = await runSinkScenario(ctx, {
        flushSize: (perPartition) => flushSizeDividing(perPartition, 10_000),
        consumerThread: 'worker',
        store: s3rver.store,
      });
      return { ...result, extra: { ...result.extra, store: 's3rver', goalRatio: 0.7 } };
    } finally {
      await s3rver.stop();
    }
  },
};
