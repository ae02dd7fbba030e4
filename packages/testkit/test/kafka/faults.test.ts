import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKey,
  ErrorCode,
  type KafkaCluster,
  mockClusterConsumerConfig,
  readRecords,
  startKafkaCluster,
} from '../../src/index.js';

describe('fault injection seen by kafkajs', () => {
  let cluster: KafkaCluster;
  let kafka: Kafka;
  beforeAll(async () => {
    cluster = await startKafkaCluster({
      brokers: 3,
      topics: [
        { name: 'outage', partitions: 1 },
        { name: 'moves', partitions: 2 },
        { name: 'commits', partitions: 1 },
      ],
    });
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  });
  afterAll(() => cluster?.stop());

  async function withProducer(use: (producer: Producer) => Promise<void>): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await use(producer);
    } finally {
      await producer.disconnect();
    }
  }

  it('retries a produce while the leader is down and succeeds once it is back', async () => {
    await cluster.setPartitionLeader('outage', 0, 2);
    await withProducer(async (producer) => {
      await producer.send({ topic: 'outage', messages: [{ value: 'before' }] });
      await cluster.setBrokerDown(2);
      const started = Date.now();
      let settled = false;
      const during = producer.send({ topic: 'outage', messages: [{ value: 'during' }] }).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(settled).toBe(false);
      await cluster.setBrokerUp(2);
      const [written] = await during;
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      expect(written?.baseOffset).toBe('1');
    });
  });

  it('follows a partition leader move', async () => {
    const produceBrokers: string[] = [];
    const producer = kafka.producer();
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiKey === ApiKey.Produce) produceBrokers.push(payload.broker);
    });
    await producer.connect();
    try {
      await producer.send({ topic: 'moves', messages: [{ value: 'a', partition: 1 }] });
      for (const leader of [1, 2, 3]) {
        await cluster.setPartitionLeader('moves', 1, leader);
        await producer.send({ topic: 'moves', messages: [{ value: `on ${leader}`, partition: 1 }] });
        // The send was refused by the old leader (NOT_LEADER_OR_FOLLOWER) and retried on the new one.
        expect(produceBrokers.at(-1)).toBe(cluster.brokers[leader - 1]?.address);
      }
    } finally {
      await producer.disconnect();
    }
    const read = await readRecords(cluster.bootstrapServers, 'moves', { count: 4 });
    expect(read.map((r) => r.value)).toEqual(['a', 'on 1', 'on 2', 'on 3']);
  });

  it('retries offset commits through injected errors and a coordinator move, and the commits land', async () => {
    const groupId = 'committer';
    await withProducer(async (producer) => {
      await producer.send({ topic: 'commits', messages: [{ value: 'x' }, { value: 'y' }, { value: 'z' }] });
    });
    const consumer = kafka.consumer({ groupId, ...mockClusterConsumerConfig });
    const commitRequests: string[] = [];
    consumer.on(consumer.events.REQUEST, ({ payload }) => {
      if (payload.apiKey === ApiKey.OffsetCommit) commitRequests.push(payload.broker);
    });
    let joins = 0;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joins++;
    });
    const admin = kafka.admin();
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: ['commits'] }))[0]?.partitions;
    await Promise.all([consumer.connect(), admin.connect()]);
    try {
      await consumer.subscribe({ topic: 'commits', fromBeginning: true });
      await consumer.run({ autoCommit: false, eachMessage: async () => {} });
      await expect.poll(() => joins, { timeout: 15_000 }).toBe(1);

      // The mock answers the next two OffsetCommit requests with these errors, whichever broker gets them.
      await cluster.pushRequestErrors(ApiKey.OffsetCommit, [ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NOT_COORDINATOR]);
      await consumer.commitOffsets([{ topic: 'commits', partition: 0, offset: '2' }]);
      expect(commitRequests).toHaveLength(3);
      expect(await committed()).toEqual([{ partition: 0, offset: '2', metadata: null }]);

      const oldCoordinator = cluster.brokers.find((b) => b.address === commitRequests[0]);
      const newCoordinator = cluster.brokers.find((b) => b !== oldCoordinator);
      await cluster.setCoordinator('group', groupId, newCoordinator?.id ?? -1);
      // The mock's old coordinator keeps serving the group, and kafkajs looks its coordinator up only when it
      // (re)joins: a NOT_COORDINATOR heartbeat makes it rejoin, through the new coordinator.
      await cluster.pushRequestErrors(ApiKey.Heartbeat, [ErrorCode.NOT_COORDINATOR]);
      await expect.poll(() => joins, { timeout: 15_000 }).toBe(2);
      await consumer.commitOffsets([{ topic: 'commits', partition: 0, offset: '3' }]);
      expect(commitRequests.at(-1)).toBe(newCoordinator?.address);
      expect(await committed()).toEqual([{ partition: 0, offset: '3', metadata: null }]);
    } finally {
      await Promise.all([consumer.disconnect(), admin.disconnect()]);
    }
  });
});
