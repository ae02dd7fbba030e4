import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Headers, ManualClock, SinkRecord, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { StorageSinkTask } from '@sinkkit/storage-sink';
import { MemoryStorage } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { dataKey, SinkFixture } from '../support/sink-fixture.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** The real sink with keys and headers files: 2 partitions × 35 records, 10 per file (60 committed). */
async function sinkWithCompanions(): Promise<{ storage: FsStorage; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-verify-companions-'));
  roots.push(root);
  const storage = new FsStorage({ root });
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const task = new StorageSinkTask({ storage, clock });
  const partitions = [topicPartition('orders', 0), topicPartition('orders', 1)];
  task.initialize({
    configs: () => ({}),
    offset: () => {},
    timeout: () => {},
    assignment: () => partitions,
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => null,
  });
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
        { length: 35 },
        (_, n) =>
          new SinkRecord({
            topic: 'orders',
            kafkaPartition: partition,
            kafkaOffset: n,
            key: `k${n}`,
            value: { n },
            headers: new Headers().addString('trace', `t${n}`),
          }),
      ),
    );
  }
  await task.preCommit(new TopicPartitionMap());
  await task.stop();
  return { storage, root };
}

describe('verify with keys and headers files (store.kafka.keys / store.kafka.headers)', () => {
  it('passes the real sink output, counting records in value files only', async () => {
    const { storage } = await sinkWithCompanions();
    const report = await verify({ storage });
    expect(report.partitions.flatMap((p) => p.issues)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ records: 60, files: 18, errors: 0 });
    expect(report.partitions.map((p) => p.files)).toEqual([
      { committed: 9, present: 9, companions: 6 },
      { committed: 9, present: 9, companions: 6 },
    ]);
    expect(formatReport(report)).toContain('30 records in 9 files (6 of them keys or headers files)');
  });

  it('finds a missing keys file and a stray headers file', async () => {
    const { storage, root } = await sinkWithCompanions();
    const keys = 'topics/orders/partition=0/orders+0+0000000010.keys.json';
    await unlink(join(root, keys));
    const stray = 'topics/orders/partition=1/orders+1+0000000030.headers.json';
    await storage.putIfAbsent(stray, new TextEncoder().encode('[]\n'));
    const report = await verify({ storage });
    expect(report.ok).toBe(false);
    const issues = report.partitions.flatMap((p) => p.issues.map((i) => [i.kind, i.key]));
    expect(issues).toEqual([
      ['missing-file', keys],
      ['uncommitted-file', stray],
    ]);
  });

  it('finds a companion that disagrees with its value file, or has none in its batch', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    const value = dataKey('orders', 0, 0);
    await sink.commit(
      'orders',
      0,
      [
        { start: 0, end: 9 },
        { start: 0, end: 9, count: 9, key: value.replace(/\.jsonl$/, '.keys.jsonl') },
        { start: 0, end: 9, key: dataKey('orders', 0, 5).replace(/\.jsonl$/, '.headers.avro') },
      ],
      10,
    );
    const report = await verify({ storage: sink.storage });
    expect(report.ok).toBe(false);
    expect(report.partitions[0]?.records).toBe(10);
    expect(report.partitions[0]?.issues.map((i) => `${i.kind}: ${i.message}`)).toEqual([
      `companion-mismatch: 9 records at offsets 0..9, its value file ${value} 10 at 0..9`,
      'companion-mismatch: seq 2 lists no value file topics/orders/partition=0/orders+0+0000000005.* beside it',
    ]);
  });
});
