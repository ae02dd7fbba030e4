import { type TopicPartition, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { type KafkaCluster, mockClusterConsumerConfig, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerListener, FetchedRecord } from '../../../src/kafka/kafka-port.js';
import { WorkerThreadConsumer } from '../../../src/kafka/thread/worker-thread-consumer.js';
import type { Logger } from '../../../src/logger.js';
import { committedOffsets, uniqueName, waitFor } from '../../helpers/kafka.js';
import { produceMessages } from '../../helpers/produce.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
const consumers: WorkerThreadConsumer[] = [];
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await cluster?.stop();
});

/** A listener that records what the consumer reports; `room` decides what `records` returns. */
class Recorder implements ConsumerListener {
  readonly received: FetchedRecord[] = [];
  readonly assignments: TopicPartition[][] = [];
  readonly failures: Error[] = [];
  calls = 0;
  room: () => Promise<void> | undefined = () => undefined;

  assigned(partitions: readonly TopicPartition[]): void {
    this.assignments.push([...partitions]);
  }
  rebalancing(): void {}
  lost(error: Error): void {
    this.failures.push(error);
  }
  records(_tp: TopicPartition, records: readonly FetchedRecord[]): Promise<void> | undefined {
    this.calls++;
    this.received.push(...records);
    return this.room();
  }
  fatal(error: Error): void {
    this.failures.push(error);
  }
  offsets(partition: number): bigint[] {
    return this.received.filter((r) => r.partition === partition).map((r) => r.offset);
  }
}

const logged: string[] = [];
const logger: Logger = {
  debug: (message) => logged.push(message),
  info: (message) => logged.push(message),
  warn: (message) => logged.push(message),
  error: (message) => logged.push(message),
};

function consumer(topic: string, groupId = uniqueName('group')): WorkerThreadConsumer {
  const c = new WorkerThreadConsumer({
    brokers: cluster.bootstrapServers.split(','),
    clientId: 'worker-thread-test',
    groupId,
    topics: [topic],
    autoOffsetReset: 'earliest',
    sessionTimeout: mockClusterConsumerConfig.sessionTimeout,
    heartbeatInterval: mockClusterConsumerConfig.heartbeatInterval,
    maxWaitTimeInMs: mockClusterConsumerConfig.maxWaitTimeInMs,
    maxRestarts: 3,
    logger,
  });
  consumers.push(c);
  return c;
}

function range(from: number, to: number): bigint[] {
  return Array.from({ length: to - from }, (_, i) => BigInt(from + i));
}

describe('WorkerThreadConsumer', () => {
  it('hands over every record with its key, value, timestamp and headers, in order, and forwards the log', async () => {
    const topic = uniqueName('worker-basic');
    await cluster.createTopic(topic, 2);
    await produceMessages(
      cluster.bootstrapServers,
      topic,
      Array.from({ length: 400 }, (_, i) => ({
        partition: i % 2,
        key: i % 3 === 0 ? null : `k${i}`,
        value: `{"id":${i}}`,
        timestamp: String(1_700_000_000_000 + i),
        headers: i % 2 === 0 ? { trace: `t${i}`, tags: ['a', 'b'] } : {},
      })),
    );
    const recorder = new Recorder();
    await consumer(topic).start(recorder);
    await waitFor(() => recorder.received.length >= 400, '400 records');

    expect(
      recorder.assignments
        .at(-1)
        ?.map((tp) => tp.partition)
        .sort(),
    ).toEqual([0, 1]);
    expect(recorder.offsets(0)).toEqual(range(0, 200));
    expect(recorder.offsets(1)).toEqual(range(0, 200));
    const fourth = recorder.received.find((r) => r.partition === 0 && r.offset === 2n);
    expect(fourth?.topic).toBe(topic);
    expect(fourth?.key?.toString()).toBe('k4');
    expect(fourth?.value?.toString()).toBe('{"id":4}');
    expect(fourth?.timestamp).toBe(1_700_000_000_004);
    expect(fourth?.headers.map(([k, v]) => [k, v?.toString()])).toEqual([
      ['trace', 't4'],
      ['tags', 'a'],
      ['tags', 'b'],
    ]);
    expect(recorder.received.find((r) => r.partition === 0 && r.offset === 0n)?.key).toBeNull();
    expect(recorder.failures).toEqual([]);
    expect(logged.some((line) => line.startsWith('kafkajs: '))).toBe(true);
  });

  it('after a seek hands over only records from the new position, and commits exactly the offsets given', async () => {
    const topic = uniqueName('worker-seek');
    await cluster.createTopic(topic, 1);
    const values = Array.from({ length: 20_000 }, (_, i) => ({ partition: 0, value: `v${i}`.padEnd(100, '.') }));
    for (let i = 0; i < values.length; i += 5_000) {
      await produceMessages(cluster.bootstrapServers, topic, values.slice(i, i + 5_000));
    }
    const groupId = uniqueName('group');
    const c = consumer(topic, groupId);
    const recorder = new Recorder();
    await c.start(recorder);
    await waitFor(() => recorder.received.length > 0, 'the first records');
    // Seek back while fetches of the old position are on their way.
    const before = recorder.received.length;
    const tp = topicPartition(topic, 0);
    c.seek(tp, 7n);
    await waitFor(() => recorder.received.at(-1)?.offset === 19_999n, 'the last record');
    const after = recorder.received.slice(before).map((r) => r.offset);
    expect(after).toEqual(range(7, 20_000));

    await c.commit(new TopicPartitionMap([[tp, { offset: 1_234n }]]));
    expect((await committedOffsets(cluster.bootstrapServers, groupId, topic)).get(0)).toBe(1_234n);
  });

  it('hands over nothing more while the runtime has no room, and the rest once it has', async () => {
    const topic = uniqueName('worker-room');
    await cluster.createTopic(topic, 4);
    const values = Array.from({ length: 40_000 }, (_, i) => ({ partition: i % 4, value: `v${i}`.padEnd(100, '.') }));
    for (let i = 0; i < values.length; i += 5_000) {
      await produceMessages(cluster.bootstrapServers, topic, values.slice(i, i + 5_000));
    }
    const recorder = new Recorder();
    let release: () => void = () => {};
    const full = new Promise<void>((resolve) => {
      release = resolve;
    });
    recorder.room = () => full;
    await consumer(topic).start(recorder);
    await waitFor(() => recorder.calls > 0, 'the first records');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const held = recorder.received.length;
    expect(held).toBeLessThan(40_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(recorder.received.length).toBe(held);

    recorder.room = () => undefined;
    release();
    await waitFor(() => recorder.received.length >= 40_000, 'the rest');
    for (const partition of [0, 1, 2, 3]) expect(recorder.offsets(partition)).toEqual(range(0, 10_000));
  });

  it('stops fetching a paused partition until it is resumed, and stops more than once', async () => {
    const topic = uniqueName('worker-pause');
    await cluster.createTopic(topic, 2);
    await produceMessages(cluster.bootstrapServers, topic, [
      { partition: 0, value: 'a' },
      { partition: 1, value: 'b' },
    ]);
    const c = consumer(topic);
    const recorder = new Recorder();
    await c.start(recorder);
    await waitFor(() => recorder.received.length >= 2, 'two records');
    c.pause([topicPartition(topic, 1)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await produceMessages(cluster.bootstrapServers, topic, [
      { partition: 0, value: 'c' },
      { partition: 1, value: 'd' },
    ]);
    await waitFor(() => recorder.offsets(0).length >= 2, 'the new record of partition 0');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(recorder.offsets(1)).toEqual([0n]);
    c.resume([topicPartition(topic, 1)]);
    await waitFor(() => recorder.offsets(1).length >= 2, 'the paused record');
    expect(recorder.offsets(1)).toEqual([0n, 1n]);

    await c.stop();
    await c.stop();
    await expect(c.commit(new TopicPartitionMap())).rejects.toThrow(/worker thread exited/);
  });
});
