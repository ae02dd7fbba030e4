import { isRetriable } from '../errors/sinkkit-error.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { type Clock, systemClock } from './clock.js';

/** How {@link retry} retries. Times in milliseconds. */
export interface RetryOptions extends BackoffOptions {
  /** Total attempts including the first; at least 1. Default 5. */
  maxAttempts?: number;
  /**
   * Gives up rather than sleep past this much time since the first attempt started.
   * Default: no limit.
   */
  maxElapsedMs?: number;
  /** Source of `now()` and, unless `sleep` is given, of sleeping. Default {@link systemClock}. */
  clock?: Clock;
  /** Overrides `clock.sleep`; must reject with `signal.reason` when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stops retrying: the pending sleep rejects, and no further attempt starts. */
  signal?: AbortSignal;
  /** Which errors to retry. Default {@link isRetriable}: only errors flagged `retriable`. */
  shouldRetry?: (error: unknown) => boolean;
  /** Called before each sleep, e.g. to log. */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
}

/**
 * Runs `fn` until it succeeds, retrying only errors that `shouldRetry` accepts (by default
 * those flagged `retriable`) with exponential back-off and full jitter (see {@link backoffDelay}).
 *
 * Gives up by rethrowing the last error unchanged, so its `code` and `retriable` flag reach the
 * caller as the failing operation set them (a runtime may still choose to redeliver the batch).
 * A non-retriable error is rethrown at once. If `signal` aborts, rejects with `signal.reason`.
 *
 * @param fn receives the 1-based attempt number.
 */
export async function retry<T>(fn: (attempt: number) => T | Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry: maxAttempts must be an integer >= 1, got ${maxAttempts}`);
  }
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => clock.sleep(ms, signal));
  const shouldRetry = options.shouldRetry ?? isRetriable;
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !shouldRetry(error)) throw error;
      const delayMs = backoffDelay(attempt, options);
      const elapsedAfterSleep = clock.now() + delayMs - started;
      if (options.maxElapsedMs !== undefined && elapsedAfterSleep > options.maxElapsedMs) throw error;
      options.onRetry?.({ error, attempt, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}
