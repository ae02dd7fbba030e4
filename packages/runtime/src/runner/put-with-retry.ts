import { backoffDelay, isRetriable, SinkkitError, type SinkRecord, type SinkTask } from '@sinkkit/core';
import type { Logger } from '../logger.js';

/** What {@link putWithRetry} needs from the task loop. */
export interface PutRetryHost {
  readonly task: SinkTask;
  readonly logger: Logger;
  /** The task's `context.timeout(ms)` hint, or `null`. */
  retryTimeoutMs(): number | null;
  /** Sleeps `ms`, or less when the loop is stopping, failed or the assignment changed. */
  wait(ms: number): Promise<void>;
  /** Whether the loop is stopping or failed. */
  interrupted(): boolean;
  /** Closes partitions revoked meanwhile and opens new ones. */
  reconcile(): Promise<void>;
  isOpen(record: SinkRecord): boolean;
}

/**
 * Puts `records`, redelivering them after a `RetriableError` (after `context.timeout(ms)` or an
 * exponential back-off), minus those of partitions revoked meanwhile. Any other error fails the
 * task. Resolves `false` when the loop stopped before the batch went through.
 */
export async function putWithRetry(initial: SinkRecord[], host: PutRetryHost): Promise<boolean> {
  let records = initial;
  for (let attempt = 1; ; attempt++) {
    try {
      await host.task.put(records);
      return true;
    } catch (error) {
      if (!isRetriable(error)) {
        const message = error instanceof Error ? error.message : String(error);
        throw new SinkkitError(`Task threw an unrecoverable error from put(): ${message}`, {
          code: (error as { code?: string }).code ?? 'TASK_PUT_FAILED',
          cause: error,
        });
      }
      const delay = host.retryTimeoutMs() ?? backoffDelay(attempt, { baseMs: 100, capMs: 5_000 });
      host.logger.warn('put() failed with a retriable error; redelivering the batch', {
        attempt,
        delayMs: delay,
        error: (error as Error).message,
      });
      await host.wait(delay);
      if (host.interrupted()) return false;
      // A rebalance during the wait: close what went away and keep only what is still open.
      await host.reconcile();
      records = records.filter((r) => host.isOpen(r));
      if (records.length === 0) return true;
    }
  }
}
