import { Kafka, type Producer } from 'kafkajs';
import type { Logger } from '../logger.js';
import { connectError } from './kafka-connect-error.js';
import type { KafkaProducerPort, ProducedMessage } from './kafka-port.js';
import type { KafkaClientSecurity } from './kafka-security.js';
import { type KafkaClientOverrides, kafkajsSecurityConfig, PLAINTEXT } from './kafkajs-client-config.js';
import { type ConnectPhase, kafkajsLogCreator } from './kafkajs-logging.js';

/** Settings of {@link KafkajsProducer}. */
export interface KafkajsProducerOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  /** TLS and SASL, from the `security.protocol`, `ssl.*` and `sasl.*` keys (`producer.` prefixes). Default: plain text. */
  security?: KafkaClientSecurity;
  /** kafkajs client options given in code, merged over the mapped ones. */
  kafka?: KafkaClientOverrides;
}

/** {@link KafkaProducerPort} on a kafkajs producer: acks from all in-sync replicas, topics auto-created. */
export class KafkajsProducer implements KafkaProducerPort {
  readonly #producer: Producer;
  readonly #brokers: readonly string[];
  readonly #protocol: KafkaClientSecurity['protocol'];
  readonly #phase: ConnectPhase = { connecting: true };

  /** @throws ConfigError for SASL settings that only code can complete, when `kafka.sasl` is not given. */
  constructor(options: KafkajsProducerOptions) {
    this.#brokers = options.brokers;
    this.#protocol = options.security?.protocol ?? 'PLAINTEXT';
    const kafka = new Kafka({
      ...kafkajsSecurityConfig(options.security ?? PLAINTEXT, options.kafka),
      clientId: options.clientId,
      brokers: [...options.brokers],
      logCreator: kafkajsLogCreator(options.logger, this.#phase),
    });
    this.#producer = kafka.producer({ allowAutoTopicCreation: true });
  }

  /** @throws KafkaConnectError naming bootstrap.servers when no broker can be reached. */
  async connect(): Promise<void> {
    const connecting = Date.now();
    try {
      await this.#producer.connect();
    } catch (error) {
      throw connectError(error, this.#brokers, Date.now() - connecting, this.#protocol);
    } finally {
      this.#phase.connecting = false;
    }
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
