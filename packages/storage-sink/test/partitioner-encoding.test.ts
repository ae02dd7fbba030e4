import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ManualClock, SinkRecord, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { TestSinkTaskContext } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../src/index.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

const HOSTILE = ['eu', 'zürich', '../x', '../../escape', 'a/b', '', null, '..', 'tab\there', 'ends.'];

/** Writes one record per value through the real sink into a folder store; returns every file's path under the root. */
async function write(encoding: string): Promise<{ root: string; files: string[] }> {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-field-encoding-'));
  roots.push(root);
  const task = new StorageSinkTask({ storage: new FsStorage({ root }), clock: new ManualClock(Date.UTC(2024, 0, 1)) });
  const tp = topicPartition('orders', 0);
  task.initialize(new TestSinkTaskContext({ assignment: [tp] }));
  await task.start({
    'format.class': 'json',
    'flush.size': '1',
    'partitioner.class': 'field',
    'partition.field.name': 'region',
    'partition.field.encoding': encoding,
  });
  await task.open([tp]);
  await task.put(
    HOSTILE.map(
      (region, n) => new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: n, value: { region, n } }),
    ),
  );
  await task.preCommit(new TopicPartitionMap());
  await task.stop();
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((p) => p.startsWith('topics/'))
    .sort();
  return { root, files };
}

describe('partition.field.encoding through the sink into a folder store', () => {
  it.each(['safe', 'confluent'])('%s: every hostile value is one directory under topics/orders/', async (encoding) => {
    const { files } = await write(encoding);
    expect(files).toHaveLength(HOSTILE.length);
    for (const file of files) {
      const parts = file.split('/');
      expect(parts).toHaveLength(4);
      expect(parts.slice(0, 2)).toEqual(['topics', 'orders']);
      expect(parts[2]?.startsWith('region=')).toBe(true);
    }
  });

  it('confluent writes the raw value and null where safe percent-encodes and writes __HIVE_DEFAULT_PARTITION__', async () => {
    const dirs = async (encoding: string) => new Set((await write(encoding)).files.map((f) => f.split('/')[2]));
    const safe = await dirs('safe');
    const confluent = await dirs('confluent');
    expect(safe).toContain('region=z%C3%BCrich');
    expect(safe).toContain('region=__HIVE_DEFAULT_PARTITION__');
    expect(confluent).toContain('region=zürich');
    expect(confluent).toContain('region=null');
    expect(confluent).toContain('region=');
    expect(confluent).toContain('region=..%2Fx');
    expect(confluent).toContain('region=tab%09here');
  });
});
