import { ManualClock, topicPartition } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { FileNamer, StorageSinkTask } from '../../src/index.js';
import { audit, baseProps, FakeConsumer, readOutput, records, sourceOf } from '../support/harness.js';

const clock = () => {
  const c = new ManualClock(Date.UTC(2024, 0, 1));
  c.sleep = async () => {};
  return c;
};

describe('file.name.end.offset', () => {
  it('the namer appends the padded end offset with the file delimiter', () => {
    const namer = new FileNamer({
      topicsDir: 'topics',
      directoryDelim: '/',
      fileDelim: '+',
      zeroPadWidth: 10,
      extension: '.json',
      endOffset: true,
    });
    const tp = topicPartition('topic', 0);
    expect(namer.endOffsetInName).toBe(true);
    expect(namer.key(tp, 'topic/partition=0', 0n, 2n)).toBe(
      'topics/topic/partition=0/topic+0+0000000000+0000000002.json',
    );
    expect(namer.owns('topics/topic/partition=0/topic+0+0000000000+0000000002.json', tp)).toBe(true);
  });

  it('writes Alluxio-style names (start and end offset), every record once, the names in the commit log', async () => {
    const storage = new MemoryStorage();
    const all = records('orders', 0, 10);
    const consumer = new FakeConsumer(sourceOf(all));
    const task = new StorageSinkTask({ storage, clock: clock() });
    await task.start({ ...baseProps, 'flush.size': '3', 'file.name.end.offset': 'true', 'store.kafka.keys': 'false' });
    await consumer.runAll(task, { batch: 4 });
    const output = await readOutput(storage);
    expect([...output.files.keys()].sort()).toEqual([
      'topics/orders/partition=0/orders+0+0000000000+0000000002.json',
      'topics/orders/partition=0/orders+0+0000000003+0000000005.json',
      'topics/orders/partition=0/orders+0+0000000006+0000000008.json',
    ]);
    expect(audit(output.counts, all.slice(0, 9))).toEqual({ duplicates: [], missing: [], unexpected: [] });
    const batches = await committedBatches(storage, topicPartition('orders', 0));
    expect(batches.flatMap((b) => b.files.map((f) => f.key))).toContain(
      'topics/orders/partition=0/orders+0+0000000003+0000000005.json',
    );
    // Nothing is left staged: the held bytes were staged under the final name at commit.
    expect(await storage.listStaged('')).toEqual([]);
  });

  it('off by default: names carry the start offset only', async () => {
    const storage = new MemoryStorage();
    const consumer = new FakeConsumer(sourceOf(records('orders', 0, 3)));
    const task = new StorageSinkTask({ storage, clock: clock() });
    await task.start({ ...baseProps, 'flush.size': '3' });
    await consumer.runAll(task, { batch: 3 });
    expect([...(await readOutput(storage)).files.keys()]).toEqual([
      'topics/orders/partition=0/orders+0+0000000000.json',
    ]);
  });
});
