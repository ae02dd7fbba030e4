import { Kafka, type Producer } from 'kafkajs';
import type { Logger } from '../logger.js';
import type { KafkaProducerPort, ProducedMessage } from './kafka-port.js';
import { kafkajsLogCreator } from './kafkajs-logging.js';

/** {@link KafkaProducerPort} on a kafkajs producer: acks from all in-sync replicas, topics auto-created. */
export class KafkajsProducer implements KafkaProducerPort {
  readonly #producer: Producer;

  constructor(options: { brokers: readonly string[]; clientId: string; logger: Logger }) {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logCreator: kafkajsLogCreator(options.logger),
    });
    this.#producer = kafka.producer({ allowAutoTopicCreation: true });
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  async send(topic: string, messages: readonly ProducedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.#producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key ? Buffer.from(m.key) : null,
        value: m.value ? Buffer.from(m.value) : null,
        ...(m.timestamp === null ? {} : { timestamp: String(m.timestamp) }),
        headers: headersOf(m.headers),
      })),
    });
  }

  disconnect(): Promise<void> {
    return this.#producer.disconnect();
  }
}

// kafkajs takes headers as an object; a repeated key becomes an array, keeping every value.
function headersOf(list: ProducedMessage['headers']): Record<string, Buffer[] | Buffer> {
  const out: Record<string, Buffer[] | Buffer> = {};
  for (const [key, value] of list) {
    const buf = Buffer.from(value ?? new Uint8Array());
    const existing = out[key];
    out[key] = existing === undefined ? buf : Array.isArray(existing) ? [...existing, buf] : [existing, buf];
  }
  return out;
}
