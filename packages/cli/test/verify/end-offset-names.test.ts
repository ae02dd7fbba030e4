import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Headers, ManualClock, SinkRecord, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { StorageSinkTask } from '@sinkkit/storage-sink';
import { TestSinkTaskContext } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { listDataFiles, verify } from '../../src/index.js';
import { runCliProcess } from '../support/cli-process.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** The real sink with file.name.end.offset=true (and keys files): 2 partitions × 25 records, 10 per file. */
async function sinkWithEndOffsets(): Promise<{ storage: FsStorage; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-verify-end-offsets-'));
  roots.push(root);
  const storage = new FsStorage({ root });
  const task = new StorageSinkTask({ storage, clock: new ManualClock(Date.UTC(2024, 0, 1)) });
  const partitions = [topicPartition('orders', 0), topicPartition('orders', 1)];
  task.initialize(new TestSinkTaskContext({ assignment: partitions }));
  await task.start({
    'format.class': 'json',
    'flush.size': '10',
    'file.name.end.offset': 'true',
    'store.kafka.keys': 'true',
    'keys.format.class': 'json',
  });
  await task.open(partitions);
  for (const { partition } of partitions) {
    const batch = Array.from(
      { length: 25 },
      (_, n) =>
        new SinkRecord({
          topic: 'orders',
          kafkaPartition: partition,
          kafkaOffset: n,
          key: `k${n}`,
          value: { n },
          headers: new Headers(),
        }),
    );
    await task.put(batch);
  }
  await task.preCommit(new TopicPartitionMap());
  await task.stop();
  return { storage, root };
}

describe('verify reads file names that carry the end offset (file.name.end.offset=true)', () => {
  it('the sink writes <topic>+<partition>+<start>+<end> names, and verify passes them', async () => {
    const { storage, root } = await sinkWithEndOffsets();
    const names = (await readdir(join(root, 'topics/orders/partition=0'))).sort();
    expect(names).toEqual([
      'orders+0+0000000000+0000000009.json',
      'orders+0+0000000000+0000000009.keys.json',
      'orders+0+0000000010+0000000019.json',
      'orders+0+0000000010+0000000019.keys.json',
    ]);
    const { files } = await listDataFiles(storage, 'orders');
    expect(files.find((f) => f.key.endsWith('orders+0+0000000010+0000000019.json'))?.endOffset).toBe(19n);
    const report = await verify({ storage });
    expect(report.partitions.flatMap((p) => p.issues)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ records: 40, errors: 0 });
  });

  it('sinkkit verify (the built binary) says OK on that store', async () => {
    const { root } = await sinkWithEndOffsets();
    const { code, output } = await runCliProcess(['verify', '--store-url', pathToFileURL(root).href]);
    expect(output).toContain('verify: OK: ');
    expect(output).toContain('every committed offset exactly once');
    expect(code).toBe(0);
  });
});
