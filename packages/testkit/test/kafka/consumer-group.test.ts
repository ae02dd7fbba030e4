import { type Consumer, type EachBatchPayload, Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KafkaCluster, mockClusterConsumerConfig, produceRecords, startKafkaCluster } from '../../src/index.js';

const TOPIC = 'events';

/** A group member that remembers what it consumed and its latest assignment. */
async function startMember(kafka: Kafka, groupId: string) {
  const consumer = kafka.consumer({ groupId, ...mockClusterConsumerConfig });
  const member = { consumer, ids: [] as number[], assigned: [] as number[] };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    member.assigned = [...(payload.memberAssignment[TOPIC] ?? [])].sort((a, b) => a - b);
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  // kafkajs commits after every batch. (Calling consumer.commitOffsets() from eachBatch instead is a trap:
  // during a rebalance it fails as non-retriable and the consumer crashes for good.)
  await consumer.run({
    autoCommitThreshold: 1,
    eachBatch: async ({ batch }: EachBatchPayload) => {
      for (const message of batch.messages) member.ids.push(JSON.parse(String(message.value)).id);
    },
  });
  return member;
}

describe('a kafkajs consumer group on the mock cluster', () => {
  let cluster: KafkaCluster;
  let kafka: Kafka;
  const consumers: Consumer[] = [];
  beforeAll(async () => {
    cluster = await startKafkaCluster({ brokers: 3, topics: [{ name: TOPIC, partitions: 6 }] });
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });
  afterAll(() => cluster?.stop());

  it('splits 6 partitions over 2 members, hands all 6 to the survivor, consumes and commits every record', async () => {
    const groupId = 'sink-group';
    const first = await produceRecords(cluster.bootstrapServers, TOPIC, 600);
    const a = await startMember(kafka, groupId);
    const b = await startMember(kafka, groupId);
    consumers.push(a.consumer, b.consumer);
    await expect.poll(() => [a.assigned.length, b.assigned.length], { timeout: 15_000 }).toEqual([3, 3]);
    expect([...a.assigned, ...b.assigned].sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const second = await produceRecords(cluster.bootstrapServers, TOPIC, 600, { firstId: 600 });
    await expect.poll(() => new Set([...a.ids, ...b.ids]).size, { timeout: 15_000 }).toBe(1_200);
    expect(a.ids.length).toBeGreaterThan(0);
    expect(b.ids.length).toBeGreaterThan(0);

    // A graceful leave (LeaveGroup) makes the group rebalance at once.
    await b.consumer.disconnect();
    await expect.poll(() => a.assigned, { timeout: 15_000 }).toEqual([0, 1, 2, 3, 4, 5]);
    const third = await produceRecords(cluster.bootstrapServers, TOPIC, 600, { firstId: 1_200 });
    const produced = [first, second, third].flatMap((p) => p.records.map((r) => r.id));
    await expect.poll(() => new Set([...a.ids, ...b.ids]).size, { timeout: 15_000 }).toBe(1_800);
    expect(new Set([...a.ids, ...b.ids])).toEqual(new Set(produced));

    // Every partition's committed offset is the end of what was produced to it.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await expect
        .poll(async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
          return committed?.partitions
            .map((p) => [p.partition, Number(p.offset)])
            .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
        })
        .toEqual([...third.nextOffsets].sort((x, y) => x[0] - y[0]));
    } finally {
      await admin.disconnect();
    }
  });
});
