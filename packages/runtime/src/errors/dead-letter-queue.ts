import type { KafkaProducerPort, ProducedMessage } from '../kafka/kafka-port.js';
import type { ProcessingFailure } from '../pipeline/processing-failure.js';
import { deadLetterHeaders, type ReporterIdentity } from './dead-letter-headers.js';

/**
 * Writes failed records to the dead-letter topic as Kafka Connect does: the original key,
 * value, timestamp and headers, plus the `__connect.errors.*` context headers when enabled.
 * `report` resolves once the broker acknowledged, so offsets past a bad record are only
 * committed after the record is safe in the queue.
 */
export class DeadLetterQueue {
  readonly #producer: KafkaProducerPort;
  readonly #topic: string;
  readonly #contextHeaders: boolean;
  readonly #who: ReporterIdentity;

  constructor(producer: KafkaProducerPort, topic: string, contextHeaders: boolean, who: ReporterIdentity) {
    this.#producer = producer;
    this.#topic = topic;
    this.#contextHeaders = contextHeaders;
    this.#who = who;
  }

  get topic(): string {
    return this.#topic;
  }

  /** Sends every failure in one produce request. */
  async report(failures: readonly ProcessingFailure[]): Promise<void> {
    if (failures.length === 0) return;
    await this.#producer.send(
      this.#topic,
      failures.map((f) => this.message(f)),
    );
  }

  /** Disconnects the producer. */
  close(): Promise<void> {
    return this.#producer.disconnect();
  }

  /** The dead-letter record for one failure. */
  message(failure: ProcessingFailure): ProducedMessage {
    const { record } = failure;
    return {
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      headers: this.#contextHeaders ? [...record.headers, ...deadLetterHeaders(failure, this.#who)] : record.headers,
    };
  }
}
