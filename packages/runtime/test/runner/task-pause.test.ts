import { topicPartition } from '@sinkkit/core';
import { type KafkaCluster, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { CONSUMER_THREADS, committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { produceValues } from '../helpers/produce.js';
import { RecordingTask } from '../helpers/recording-task.js';

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
      name: 'pause',
      'consumer.override.group.id': `${topic}-g`,
      'bootstrap.servers': cluster.bootstrapServers,
      topics: topic,
      'value.converter': 'StringConverter',
      ...fastGroupConfig(thread),
      ...extra,
    },
  });
}

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe.each(CONSUMER_THREADS)('SinkTaskContext pause() and resume(), consumer on the %s thread', (thread) => {
  it('a paused partition delivers nothing until the task resumes it; the others keep flowing', async () => {
    const topic = uniqueName('pause');
    await cluster.createTopic(topic, 2);
    await produceValues(cluster.bootstrapServers, topic, values('a', 50), 0);
    await produceValues(cluster.bootstrapServers, topic, values('b', 50), 1);
    const p0 = topicPartition(topic, 0);

    const task = new RecordingTask();
    // Pause partition 0 as soon as it is opened, before any of its records can be put; resume
    // it from put() when partition 1 brings the record 'resume'.
    task.onOpen = (partitions, t) => {
      if (partitions.some((tp) => tp.partition === 0)) t.ctx.pause(p0);
    };
    task.onPut = (records, t) => {
      if (records.some((r) => r.value === 'resume')) t.ctx.resume(p0);
    };
    const r = runner(task, topic, thread);
    await r.start();
    const count = (partition: number) => task.received.filter((rec) => rec.kafkaPartition === partition).length;

    await waitFor(() => count(1) >= 50, 'partition 1 while partition 0 is paused');
    // More records for partition 1 arrive and are delivered: several fetch rounds pass while paused.
    await produceValues(cluster.bootstrapServers, topic, values('c', 20), 1);
    await waitFor(() => count(1) >= 70, 'records produced to partition 1 after the pause');
    expect(count(0)).toBe(0);
    expect([...r.status().assignment].sort()).toEqual([`${topic}-0`, `${topic}-1`]);

    await produceValues(cluster.bootstrapServers, topic, ['resume'], 1);
    await waitFor(() => count(0) >= 50, 'partition 0 after resume');
    await r.stop();

    const p0Records = task.received.filter((rec) => rec.kafkaPartition === 0);
    expect(p0Records.map((rec) => rec.value)).toEqual(values('a', 50));
    // Nothing of partition 0 was put before the put that resumed it.
    const resumedAt = task.received.findIndex((rec) => rec.value === 'resume');
    expect(task.received.findIndex((rec) => rec.kafkaPartition === 0)).toBeGreaterThan(resumedAt);
    expect(r.status().state).toBe('STOPPED');
  });

  it('pausing from put() holds back records already fetched; after resume they come, none lost or reordered', async () => {
    const topic = uniqueName('pause-put');
    await cluster.createTopic(topic, 2);
    await produceValues(cluster.bootstrapServers, topic, values('a', 3_000), 0);
    await produceValues(cluster.bootstrapServers, topic, values('b', 3_000), 1);
    const p0 = topicPartition(topic, 0);

    const task = new RecordingTask();
    let deliveredAtPause = -1;
    let resumed = false;
    const count = (partition: number) => task.received.filter((rec) => rec.kafkaPartition === partition).length;
    task.onPut = (records, t) => {
      // Pause partition 0 in the first put that has its records, while the buffer holds many more.
      if (deliveredAtPause < 0 && records.some((r) => r.kafkaPartition === 0)) {
        t.ctx.pause(p0);
        deliveredAtPause = count(0) + records.filter((r) => r.kafkaPartition === 0).length;
      }
      if (!resumed && records.some((r) => r.value === 'resume')) {
        resumed = true;
        t.ctx.resume(p0);
      }
    };
    const r = runner(task, topic, thread, {
      'consumer.override.max.poll.records': '50',
      'offset.flush.interval.ms': '200',
    });
    await r.start();
    await waitFor(() => deliveredAtPause > 0 && count(1) >= 3_000, 'the pause, and all of partition 1', 60_000);
    // Partition 1 keeps flowing while partition 0 stays paused.
    await produceValues(cluster.bootstrapServers, topic, values('c', 20), 1);
    await waitFor(() => count(1) >= 3_020, 'records produced to partition 1 after the pause');
    expect(deliveredAtPause).toBeLessThanOrEqual(50);
    expect(count(0)).toBe(deliveredAtPause);
    // Commits go on while paused, and never past what partition 0 delivered.
    let committed = new Map<number, bigint>();
    const deadline = Date.now() + 30_000;
    while (committed.get(1) !== 3_020n && Date.now() < deadline) {
      committed = await committedOffsets(cluster.bootstrapServers, `${topic}-g`, topic);
    }
    expect([committed.get(0), committed.get(1)]).toEqual([BigInt(deliveredAtPause), 3_020n]);

    await produceValues(cluster.bootstrapServers, topic, ['resume'], 1);
    await waitFor(() => count(0) >= 3_000, 'the rest of partition 0 after resume', 60_000);
    await r.stop();
    const offsets = task.received.filter((rec) => rec.kafkaPartition === 0).map((rec) => rec.kafkaOffset);
    expect(offsets).toEqual(Array.from({ length: 3_000 }, (_, i) => BigInt(i)));
  });
});
