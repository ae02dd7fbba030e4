import { Kafka, logLevel, type Message } from 'kafkajs';

/** Produces `messages` to `topic` in one request, acknowledged by all in-sync replicas. */
export async function produceMessages(bootstrap: string, topic: string, messages: Message[]): Promise<void> {
  const producer = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Produces string values to one partition of `topic`, in order. */
export async function produceValues(bootstrap: string, topic: string, values: readonly string[], partition = 0) {
  await produceMessages(
    bootstrap,
    topic,
    values.map((value, i) => ({ key: `k${i}`, value, partition, headers: { origin: 'test' } })),
  );
}
