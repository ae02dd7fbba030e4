import { DataError, type ErrantRecordReporter, type SinkRecord } from '@sinkkit/core';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';

/**
 * The task-facing {@link ErrantRecordReporter}: with `errors.tolerance=all` a reported record
 * goes to the dead-letter queue (stage `TASK_PUT`) or, without one, is only logged; with `none`
 * reporting rejects, which fails the task. The runner waits for every report before it calls
 * `preCommit`, so an offset past a reported record is never committed before the report is durable.
 */
export class TaskErrantReporter implements ErrantRecordReporter {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      tolerance: 'none' | 'all';
      dlq: DeadLetterQueue | null;
      taskClass: string;
      originOf: (record: SinkRecord) => FetchedRecord | undefined;
      log: (message: string, fields: Record<string, unknown>) => void;
    },
  ) {}

  report(record: SinkRecord, error: Error): Promise<void> {
    const { tolerance, dlq, taskClass, originOf, log } = this.options;
    const located = DataError.at(
      {
        topic: record.originalTopic,
        kafkaPartition: record.originalKafkaPartition,
        kafkaOffset: record.originalKafkaOffset,
      },
      error,
    );
    if (tolerance === 'none') {
      return Promise.reject(
        new DataError(`Task reported an errant record with errors.tolerance=none: ${located.message}`, {
          cause: error,
        }),
      );
    }
    log('Task reported an errant record', { error: located.message });
    if (!dlq) return Promise.resolve();
    const origin: FetchedRecord = originOf(record) ?? {
      topic: record.originalTopic,
      partition: record.originalKafkaPartition,
      offset: record.originalKafkaOffset,
      key: record.key instanceof Uint8Array ? record.key : null,
      value: record.value instanceof Uint8Array ? record.value : null,
      timestamp: record.timestamp,
      timestampType: record.timestampType,
      headers: [],
    };
    const sent = dlq.report([{ record: origin, stage: 'TASK_PUT', className: taskClass, error }]);
    this.#pending.add(sent);
    sent.then(
      () => this.#pending.delete(sent),
      () => this.#pending.delete(sent),
    );
    return sent;
  }

  /** Resolves once every report made so far is durable; rejects if one failed. */
  async settle(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
