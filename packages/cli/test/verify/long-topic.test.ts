import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Headers, ManualClock, SinkRecord, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { StorageSinkTask } from '@sinkkit/storage-sink';
import { TestSinkTaskContext } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** Every path segment (folder or file name) under `dir`, recursively. */
async function segments(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    out.push(entry.name);
    if (entry.isDirectory()) out.push(...(await segments(join(dir, entry.name))));
  }
  return out;
}

// Kafka's longest legal topic name: 249 characters of [a-zA-Z0-9._-].
const LONGEST = `t.${'x'.repeat(120)}-${'y'.repeat(120)}_${'z'.repeat(5)}`;

describe('a topic name as long as Kafka allows (249 characters) on the filesystem store', () => {
  it('writes, commits and verifies OK, with every name within 255 bytes', async () => {
    expect(LONGEST).toHaveLength(249);
    const root = await mkdtemp(join(tmpdir(), 'sinkkit-long-topic-'));
    roots.push(root);
    const storage = new FsStorage({ root });
    const task = new StorageSinkTask({ storage, clock: new ManualClock(Date.UTC(2024, 0, 1)) });
    const partitions = [topicPartition(LONGEST, 0), topicPartition(LONGEST, 1)];
    task.initialize(new TestSinkTaskContext({ assignment: partitions }));
    await task.start({
      'format.class': 'json',
      'flush.size': '10',
      'store.kafka.keys': 'true',
      'store.kafka.headers': 'true',
      'keys.format.class': 'json',
      'headers.format.class': 'json',
    });
    await task.open(partitions);
    for (const { partition } of partitions) {
      await task.put(
        Array.from(
          { length: 25 },
          (_, n) =>
            new SinkRecord({
              topic: LONGEST,
              kafkaPartition: partition,
              kafkaOffset: n,
              key: `k${n}`,
              value: { n },
              headers: new Headers().addString('trace', `t${n}`),
            }),
        ),
      );
    }
    const committed = await task.preCommit(new TopicPartitionMap());
    await task.stop();

    expect([...committed.values()].map((o) => o.offset)).toEqual([20n, 20n]);
    const names = await segments(root);
    expect(names.filter((n) => Buffer.byteLength(n) > 255)).toEqual([]);
    const report = await verify({ storage });
    expect(report.partitions.flatMap((p) => p.issues)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ records: 40, errors: 0 });
    expect(report.partitions.map((p) => p.files)).toEqual([
      { committed: 6, present: 6, companions: 4 },
      { committed: 6, present: 6, companions: 4 },
    ]);
  });
});
