import { DataError } from '@sinkkit/core';
import type { DeadLetterQueue } from '../errors/dead-letter-queue.js';
import type { Logger } from '../logger.js';
import type { ProcessingFailure } from '../pipeline/processing-failure.js';

/** What {@link applyErrorTolerance} needs. */
export interface ErrorToleranceParts {
  readonly tolerance: 'none' | 'all';
  readonly logEnable: boolean;
  readonly dlq: DeadLetterQueue | null;
  readonly logger: Logger;
}

/**
 * Applies `errors.tolerance` to records the pipeline could not process: with `none` the first
 * failure fails the task (a `DataError` naming stage, class, topic, partition and offset); with
 * `all` they are logged when `errors.log.enable` is set and sent to the dead-letter queue if any.
 */
export async function applyErrorTolerance(
  failures: readonly ProcessingFailure[],
  p: ErrorToleranceParts,
): Promise<void> {
  const first = failures[0];
  if (first === undefined) return;
  if (p.tolerance === 'none') {
    const { record, stage, className, error } = first;
    // A DataError's message already ends with a location; keep one, the full one.
    const reason = error instanceof DataError ? error.reason : error.message;
    throw new DataError(`Tolerance exceeded in error handler: ${stage} (${className}) failed: ${reason}`, {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      code: (error as { code?: string }).code ?? 'DATA_INVALID',
      cause: error,
    });
  }
  if (p.logEnable) {
    for (const f of failures) {
      p.logger.warn('Skipping a record that failed', {
        stage: f.stage,
        topic: f.record.topic,
        partition: f.record.partition,
        offset: f.record.offset.toString(),
        error: f.error.message,
      });
    }
  }
  await p.dlq?.report(failures);
}
