import { Kafka, logLevel } from 'kafkajs';

/** Produces string values to one partition of `topic`, in order. */
export async function produceValues(bootstrap: string, topic: string, values: readonly string[], partition = 0) {
  const producer = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value, i) => ({ key: `k${i}`, value, partition, headers: { origin: 'test' } })),
    });
  } finally {
    await producer.disconnect();
  }
}
