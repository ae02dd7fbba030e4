import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMockCluster,
  isAlive,
  type KafkaCluster,
  startKafkaCluster,
  startProcess,
  TestkitError,
} from '../../src/index.js';

describe('startKafkaCluster', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafkaCluster({ brokers: 3, topics: [{ name: 'orders', partitions: 6 }] });
  });
  afterAll(() => cluster?.stop());

  it('hands out brokers a kafkajs client sees, with the topics asked for', async () => {
    expect(cluster.brokers.map((b) => b.id)).toEqual([1, 2, 3]);
    expect(cluster.bootstrapServers).toBe(cluster.brokers.map((b) => `${b.host}:${b.port}`).join(','));
    const admin = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['orders'] });
      const partitions = topics[0]?.partitions ?? [];
      expect(partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(partitions.every((p) => p.replicas.length === 3)).toBe(true);

      await cluster.createTopic('payments', 2, 1);
      await cluster.setPartitionLeader('payments', 1, 3);
      const payments = await admin.fetchTopicMetadata({ topics: ['payments'] });
      expect(payments.topics[0]?.partitions.find((p) => p.partitionId === 1)?.leader).toBe(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('rejects a command the mock refuses, with its reason, and keeps working', async () => {
    await expect(cluster.createTopic('orders', 6)).rejects.toThrow(/"topic orders 6 3" failed: .*already exists/);
    await expect(cluster.setBrokerDown(42)).rejects.toThrow(TestkitError);
    await expect(cluster.createTopic('bad name', 1)).rejects.toThrow(/invalid topic name/);
    await expect(cluster.setCoordinator('group', ' padded', 1)).rejects.toThrow(/outer spaces/);
    // Commands sent together are answered in order.
    await Promise.all([
      cluster.setCoordinator('group', 'a group id with spaces', 2),
      cluster.setBrokerRtt(1, 0),
      cluster.pushRequestErrors(0, []),
      cluster.setBrokerDown(3),
      cluster.setBrokerUp(3),
    ]);
  });

  it('delays responses by the broker round-trip time', async () => {
    const single = await startKafkaCluster({ topics: [{ name: 'slow', partitions: 1 }] });
    try {
      const producer = new Kafka({ brokers: [single.bootstrapServers], logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: 'slow', messages: [{ value: 'warm-up' }] });
      await single.setBrokerRtt(1, 400);
      const started = Date.now();
      await producer.send({ topic: 'slow', messages: [{ value: 'slow' }] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(380);
      await producer.disconnect();
    } finally {
      await single.stop();
    }
  });

  it('stops idempotently, after which commands are refused', async () => {
    const other = await startKafkaCluster();
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    expect(isAlive(other.pid)).toBe(false);
    await expect(other.createTopic('late', 1)).rejects.toThrow(/stopped/);
  });
});

describe('the mock cluster program', () => {
  it('answers one line per command and exits by itself at end of input', async () => {
    const proc = startProcess('mock-cluster-eof', await buildMockCluster(), ['2']);
    try {
      await proc.waitForOutput(/^bootstrap 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/m);
      proc.child.stdin?.write('topic t 1 1\nnonsense\nrtt 1 x\n');
      await proc.waitForOutput(/\nok\nerror unknown command\nerror usage: rtt <broker> <ms>\n$/);
      // No signal: closing stdin alone must end it, as when the Node process that started it dies.
      proc.child.stdin?.end();
      expect(await proc.exited).toBe(0);
    } finally {
      await proc.stop();
    }
  });
});
