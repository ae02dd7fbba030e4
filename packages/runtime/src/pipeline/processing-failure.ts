import type { FetchedRecord } from '../kafka/kafka-port.js';

/**
 * Where in the pipeline a record failed, named as Kafka Connect's `Stage` enum names it (the
 * dead-letter queue's `__connect.errors.stage` header carries it).
 */
export type Stage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT';

/** A record that could not be processed, and why. */
export interface ProcessingFailure {
  /** The record as fetched, so the dead-letter queue gets the original bytes. */
  readonly record: FetchedRecord;
  readonly stage: Stage;
  /** The plugin that failed (converter, transformation or task class name). */
  readonly className: string;
  readonly error: Error;
}
