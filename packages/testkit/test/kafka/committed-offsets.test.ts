import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KafkaCluster,
  mockClusterConsumerConfig,
  produceRecords,
  startKafkaCluster,
  waitForCommittedOffsets,
} from '../../src/index.js';

describe('waitForCommittedOffsets', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafkaCluster({ topics: [{ name: 'committed', partitions: 2 }] });
  });
  afterAll(() => cluster?.stop());

  it('waits until a group has committed what was produced, and times out naming what is missing', async () => {
    const produced = await produceRecords(cluster.bootstrapServers, 'committed', 100);
    await expect(
      waitForCommittedOffsets(cluster.bootstrapServers, 'nobody', 'committed', produced.nextOffsets, {
        timeoutMs: 300,
      }),
    ).rejects.toThrow(/group nobody did not commit committed in time \(0: none of 50, 1: none of 50\)/);

    const kafka = new Kafka({ brokers: [cluster.bootstrapServers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'reader', ...mockClusterConsumerConfig });
    await consumer.connect();
    await consumer.subscribe({ topic: 'committed', fromBeginning: true });
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => {} });
    try {
      const committed = await waitForCommittedOffsets(
        cluster.bootstrapServers,
        'reader',
        'committed',
        produced.nextOffsets,
      );
      expect(committed).toEqual(
        new Map([
          [0, 50],
          [1, 50],
        ]),
      );
    } finally {
      await consumer.disconnect();
    }
  });
});
