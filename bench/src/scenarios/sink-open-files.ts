import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partitionsFor } from '../kafka/prepare-topic.js';
import type { Scenario } from '../scenario.js';
import { runSinkScenario, VALUE_BYTES } from '../sink/sink-scenario.js';

const BUCKETS = 1_000;
const BUDGET_BYTES = 128 * 1024 * 1024;
const ROTATE_MS = 1_000;

/**
 * Memory under pressure: the storage sink with a partitioner spreading records over 1 000
 * encoded partitions (record id modulo 1 000) keeps 1 000 files open at once, under a 128 MiB
 * memory budget and `partitioner.max.open.files=1000`, into FsStorage. Files rotate on the wall
 * clock (`rotate.schedule.interval.ms`), as with time-based partitioning: with records spread
 * round-robin no file reaches a `flush.size` that ends every partition exactly. Goal: peak RSS
 * at most 300 MiB; throughput (until committed) against raw kafkajs is reported too.
 */
export const sinkOpenFiles: Scenario = {
  name: 'sink-open-files',
  description: `storage sink with ${BUCKETS} open files (128 MiB budget) → FsStorage: peak RSS and rate vs raw kafkajs`,
  async run(ctx) {
    const root = await mkdtemp(join(tmpdir(), 'sinkkit-bench-files-'));
    try {
      const result = await runSinkScenario(ctx, {
        partitions: (records) => {
          // A divisor of 1 000: then each Kafka partition holds 1 000 / P of the buckets, 1 000 files in all.
          const needed = partitionsFor(records, VALUE_BYTES);
          for (let p = needed; p <= BUCKETS; p++) if (BUCKETS % p === 0) return p;
          throw new Error(`${records} records need more than ${BUCKETS} partitions`);
        },
        flushSize: (perPartition) => perPartition,
        spread: BUCKETS,
        store: async () => ({ sinkProps: { 'store.url': `file://${root}` } }),
        sinkProps: {
          'sink.memory.budget.bytes': String(BUDGET_BYTES),
          'partitioner.max.open.files': String(BUCKETS),
          'rotate.schedule.interval.ms': String(ROTATE_MS),
          'offset.flush.interval.ms': '250',
        },
      });
      return {
        ...result,
        extra: { ...result.extra, store: 'fs', openFiles: BUCKETS, rotateScheduleMs: ROTATE_MS, goalPeakRssMb: 300 },
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
