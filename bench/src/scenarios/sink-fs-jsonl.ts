import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../scenario.js';
import { flushSizeDividing, runSinkScenario, VALUE_BYTES } from '../sink/sink-scenario.js';

/**
 * The storage sink end to end into a local folder: SinkRunner (StringConverter) → JSON lines,
 * DefaultPartitioner → FsStorage, timed until every record is committed (its WAL entry written),
 * against raw kafkajs on the same topic. The consumer runs on a worker thread
 * (`sinkkit.consumer.thread=worker`, the setting for throughput). Goal: at least 70 % of raw
 * records/s.
 */
export const sinkFsJsonl: Scenario = {
  name: 'sink-fs-jsonl',
  description: `storage sink (JSON lines, DefaultPartitioner) → FsStorage, until committed, vs raw kafkajs; ${VALUE_BYTES}-byte values`,
  async run(ctx) {
    const root = await mkdtemp(join(tmpdir(), 'sinkkit-bench-fs-'));
    try {
      const result = await runSinkScenario(ctx, {
        flushSize: (perPartition) => flushSizeDividing(perPartition, 10_000),
        consumerThread: 'worker',
        store: async () => ({ sinkProps: { 'store.url': `file://${root}` } }),
      });
      return { ...result, extra: { ...result.extra, store: 'fs', goalRatio: 0.7 } };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
