import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ManualClock,
  Schema,
  SchemaBuilder,
  SinkRecord,
  Struct,
  TopicPartitionMap,
  topicPartition,
} from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { StorageSinkTask } from '@sinkkit/storage-sink';
import { TestSinkTaskContext } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import { listAll } from '../../src/storage/list-all.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

const Order = SchemaBuilder.struct().name('Order').field('n', Schema.INT32_SCHEMA).build();

/** The real sink writing Parquet with `props`: one partition, 25 records, 10 per file, keys beside them as JSON. */
async function parquetSink(props: Record<string, string>): Promise<{ storage: FsStorage; keys: string[] }> {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-verify-parquet-'));
  roots.push(root);
  const storage = new FsStorage({ root });
  const task = new StorageSinkTask({ storage, clock: new ManualClock(Date.UTC(2024, 0, 1)) });
  const partitions = [topicPartition('orders', 0)];
  task.initialize(new TestSinkTaskContext({ assignment: partitions }));
  await task.start({
    'format.class': 'parquet',
    'flush.size': '10',
    'store.kafka.keys': 'true',
    'keys.format.class': 'json',
    ...props,
  });
  await task.open(partitions);
  await task.put(
    Array.from(
      { length: 25 },
      (_, n) =>
        new SinkRecord({
          topic: 'orders',
          kafkaPartition: 0,
          kafkaOffset: n,
          key: `k${n}`,
          value: new Struct(Order).put('n', n),
          valueSchema: Order,
        }),
    ),
  );
  await task.preCommit(new TopicPartitionMap());
  await task.stop();
  const keys = (await listAll(storage, 'topics/orders/')).map((o) => o.key).sort();
  return { storage, keys };
}

describe("verify accepts Confluent's Parquet file names (parquet.file.extension)", () => {
  it.each([
    [{ 'parquet.file.extension': 'codec' }, '.snappy.parquet'],
    [{ 'parquet.file.extension': 'codec', 'parquet.codec': 'gzip' }, '.gz.parquet'],
    [{ 'parquet.file.extension': 'codec', 'parquet.codec': 'none' }, '.parquet'],
    [{}, '.parquet'],
  ])('%j: files end in %s, their keys files beside them, and verify passes every record', async (props, extension) => {
    const { storage, keys } = await parquetSink(props);
    const stems = ['0000000000', '0000000010'].map((o) => `topics/orders/partition=0/orders+0+${o}`);
    expect(keys).toEqual(stems.flatMap((s) => [`${s}${extension}`, `${s}.keys.json`]).sort());
    const report = await verify({ storage });
    expect(report.partitions.flatMap((p) => p.issues)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ records: 20, files: 4, errors: 0 });
    expect(report.partitions.map((p) => p.files)).toEqual([{ committed: 4, present: 4, companions: 2 }]);
  });
});
