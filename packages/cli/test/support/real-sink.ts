import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SinkRecord, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { StorageSinkTask } from '@sinkkit/storage-sink';
import { TestSinkTaskContext } from '@sinkkit/testkit';

/**
 * Runs the real storage sink task into a new folder: `records` JSON records per partition of
 * `orders`, `flushSize` per file, then a commit and a stop. The caller removes `root`.
 */
export async function realSinkOutput(
  partitions: number,
  records: number,
  flushSize: number,
): Promise<{ storage: FsStorage; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-verify-real-'));
  const storage = new FsStorage({ root });
  const task = new StorageSinkTask({ storage, clock: new ManualClock(Date.UTC(2024, 0, 1)) });
  const tps = Array.from({ length: partitions }, (_, p) => topicPartition('orders', p));
  task.initialize(new TestSinkTaskContext({ assignment: tps }));
  await task.start({ 'format.class': 'json', 'flush.size': String(flushSize) });
  await task.open(tps);
  for (const { partition } of tps) {
    await task.put(
      Array.from(
        { length: records },
        (_, n) =>
          new SinkRecord({ topic: 'orders', kafkaPartition: partition, kafkaOffset: n, value: { n, pad: 'x' } }),
      ),
    );
  }
  await task.preCommit(new TopicPartitionMap());
  await task.stop();
  return { storage, root };
}
