import { backoffDelay, type Clock, isRetriable, type MaybePromise, systemClock } from '@sinkkit/core';
import { type Logger, silentLogger } from '../logger.js';

/** Kafka Connect's `RetryWithToleranceOperator.RETRIES_DELAY_MIN_MS`: the first back-off's ceiling. */
export const RETRY_DELAY_MIN_MS = 300;

/** How long converters and transformations are retried (`errors.retry.*`). */
export interface ConversionRetryOptions {
  /** `errors.retry.timeout`: 0 never retries, -1 retries until it works or the runner stops. */
  timeoutMs: number;
  /** `errors.retry.delay.max.ms`: the longest wait between two attempts. */
  maxDelayMs: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Retries an operation of the conversion path (a converter, the header converter, the
 * transformations) that failed with a retriable error, as Kafka Connect's
 * `RetryWithToleranceOperator` does: exponential back-off from 300 ms, each wait at most
 * `errors.retry.delay.max.ms`, for at most `errors.retry.timeout` after the first failure. The
 * error left when time is up is the record's failure, and `errors.tolerance` decides what that
 * means. Non-retriable errors are never retried.
 */
export class ConversionRetry {
  readonly #options: Required<ConversionRetryOptions>;
  readonly #stop = new AbortController();

  constructor(options: ConversionRetryOptions) {
    this.#options = {
      ...options,
      clock: options.clock ?? systemClock,
      logger: options.logger ?? silentLogger,
    };
  }

  /** Whether a failure with `error` is worth another attempt. */
  applies(error: unknown): boolean {
    return this.#options.timeoutMs !== 0 && !this.#stop.signal.aborted && isRetriable(error);
  }

  /**
   * Repeats `operation` after `firstError` until it succeeds; rejects with the last error when
   * it fails otherwise than retriably, when the timeout passes, or after {@link interrupt}.
   */
  async run<T>(operation: () => MaybePromise<T>, firstError: unknown, what: Record<string, unknown>): Promise<T> {
    const { timeoutMs, maxDelayMs, clock, logger } = this.#options;
    const deadline = timeoutMs < 0 ? Number.POSITIVE_INFINITY : clock.now() + timeoutMs;
    let error = firstError;
    for (let attempt = 1; ; attempt++) {
      const left = deadline - clock.now();
      if (!this.applies(error) || left <= 0) throw error;
      const delay = Math.min(
        left,
        Math.max(1, backoffDelay(attempt, { baseMs: RETRY_DELAY_MIN_MS * 2, capMs: maxDelayMs })),
      );
      logger.warn('Retrying a retriable conversion failure', {
        ...what,
        attempt,
        delayMs: delay,
        error: (error as Error).message,
      });
      try {
        await clock.sleep(delay, this.#stop.signal);
      } catch {
        throw error; // interrupted: the runner is stopping
      }
      try {
        return await operation();
      } catch (next) {
        error = next;
      }
    }
  }

  /** Ends every wait at once and stops retrying (the runner is stopping). */
  interrupt(): void {
    this.#stop.abort();
  }
}
