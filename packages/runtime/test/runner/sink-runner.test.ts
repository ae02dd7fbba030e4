import { TimestampType } from '@sinkkit/core';
import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { CONSUMER_THREADS, committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { produceMessages } from '../helpers/produce.js';
import { protocolViolations, RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

type Thread = (typeof CONSUMER_THREADS)[number];

function runner(task: RecordingTask, topic: string, thread: Thread, extra: Record<string, string> = {}) {
  return new SinkRunner({
    task,
    logger: silentLogger,
    config: {
      name: uniqueName('sink'),
      'bootstrap.servers': cluster.bootstrapServers,
      topics: topic,
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'key.converter': 'StringConverter',
      'offset.flush.interval.ms': '500',
      ...fastGroupConfig(thread),
      ...extra,
    },
  });
}

describe.each(CONSUMER_THREADS)('SinkRunner, consumer on the %s thread', (thread) => {
  it('delivers every record in order, commits what preCommit returned, and shuts down in order', async () => {
    const topic = uniqueName('basic');
    await cluster.createTopic(topic, 3);
    const produced = await produceRecords(cluster.bootstrapServers, topic, 3_000);
    const task = new RecordingTask();
    const commits: Record<string, bigint>[] = [];
    const r = new SinkRunner({
      task,
      logger: silentLogger,
      onCommit: (c) =>
        commits.push(Object.fromEntries([...c].map(([tp, o]) => [`${tp.topic}-${tp.partition}`, o.offset]))),
      config: {
        name: 'basic',
        'consumer.override.group.id': `${topic}-g`,
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'offset.flush.interval.ms': '300',
        ...fastGroupConfig(thread),
      },
    });
    await r.start();
    expect(r.status().state).toBe('RUNNING');
    await waitFor(() => task.received.length >= 3_000, 'all records');
    await r.stop();
    expect(r.status().state).toBe('STOPPED');

    for (const [partition, ids] of produced.idsByPartition) {
      const offsets = task.offsetsByPartition().get(`${topic}-${partition}`) ?? [];
      expect(offsets).toEqual(ids.map((_, i) => BigInt(i)));
    }
    expect(task.received[0]?.value).toMatch(/^\{"id":\d+\}$/);
    expect(protocolViolations(task.events)).toEqual([]);
    const kinds = task.events.map((e) => e.kind);
    expect(kinds[0]).toBe('start');
    expect(kinds.at(-1)).toBe('stop');
    expect(kinds.at(-2)).toBe('close');
    // The final commit equals the last preCommit answer, which is the end of every partition.
    const committed = await committedOffsets(cluster.bootstrapServers, `${topic}-g`, topic);
    for (const [partition, next] of produced.nextOffsets) expect(committed.get(partition)).toBe(BigInt(next));
    const lastPreCommit = task.events.filter((e) => e.kind === 'preCommit').at(-1);
    expect(commits.length).toBeGreaterThan(0);
    expect(lastPreCommit && 'offsets' in lastPreCommit ? lastPreCommit.offsets : {}).toMatchObject(
      commits.at(-1) ?? {},
    );
  });

  it('gives each record the timestamp it was produced with, shared or not with its neighbours', async () => {
    const topic = uniqueName('timestamps');
    await cluster.createTopic(topic, 1);
    const stamps = [1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_000, 1_800_000_000_123];
    await produceMessages(
      cluster.bootstrapServers,
      topic,
      stamps.map((t, i) => ({ value: `v${i}`, partition: 0, timestamp: String(t) })),
    );
    const task = new RecordingTask();
    const r = runner(task, topic, thread);
    await r.start();
    await waitFor(() => task.received.length >= stamps.length, 'all records');
    await r.stop();
    expect(task.received.map((rec) => rec.timestamp)).toEqual(stamps);
    expect(new Set(task.received.map((rec) => rec.timestampType))).toEqual(new Set([TimestampType.CreateTime]));
  });

  it('applies a seek from open() before delivering records of that partition', async () => {
    const topic = uniqueName('seek');
    await cluster.createTopic(topic, 1);
    await produceRecords(cluster.bootstrapServers, topic, 100);
    const task = new RecordingTask();
    task.onOpen = (partitions, t) => {
      for (const tp of partitions) t.ctx.offset(tp, 40n);
    };
    const r = runner(task, topic, thread);
    await r.start();
    await waitFor(() => task.received.length >= 60, '60 records');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await r.stop();
    expect(task.offsetsByPartition().get(`${topic}-0`)).toEqual(Array.from({ length: 60 }, (_, i) => BigInt(40 + i)));
  });
});
