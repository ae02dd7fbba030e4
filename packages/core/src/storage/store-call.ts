import { retry } from '../retry/retry.js';
import { StorageError, StorageErrorCode } from './storage-error.js';

/** What {@link callStore} reports of each failed attempt. */
export interface StoreAttemptFailure {
  readonly operation: string;
  readonly key: string | undefined;
  /** 1-based attempt that failed. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The classified failure. */
  readonly error: StorageError;
  /** Whether another attempt follows (retriable, attempts left, not stopped). */
  readonly willRetry: boolean;
}

/** How {@link callStore} runs one store operation. Times in milliseconds. */
export interface StoreCallOptions {
  readonly operation: string;
  readonly key?: string | undefined;
  /** Total attempts including the first; at least 1. */
  readonly maxAttempts: number;
  /** Ceiling of the first back-off delay. */
  readonly baseMs: number;
  /** Largest back-off delay. */
  readonly capMs: number;
  /**
   * Longest one attempt may take (`store.request.timeout.ms`). The attempt's signal aborts then
   * and the attempt counts as a retriable `STORAGE_UNAVAILABLE` failure, even if the SDK ignores
   * the signal (its promise is abandoned). 0 or undefined: no bound.
   */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * Stops retrying: no attempt starts and no back-off sleep goes on after it aborts, and the call
   * rejects with a non-retriable `STORAGE_STOPPED` error. An attempt already in flight is let run
   * (it is bounded by `requestTimeoutMs`), so a healthy store's last commit is not cut short.
   */
  readonly signal?: AbortSignal | undefined;
  /** Maps anything an attempt threw onto a `StorageError` (the adapter's `classifyError`). */
  readonly classify: (error: unknown) => StorageError;
  /** Which classified errors to retry. Default: those flagged `retriable`. */
  readonly shouldRetry?: (error: StorageError) => boolean;
  /** Called after every failed attempt, first one included (to log it). Must not throw. */
  readonly onFailure?: ((failure: StoreAttemptFailure) => void) | undefined;
}

/**
 * Runs one store operation with {@link retry}'s back-off, bounding each attempt by
 * `requestTimeoutMs` and stopping at `signal`. `fn` gets the 1-based attempt and a signal that
 * aborts when the attempt times out; pass it to the SDK call where the SDK takes one. What this
 * rejects with is always a `StorageError`.
 *
 * Shared by the storage adapters so that every store times out, stops and reports failures the
 * same way; each adapter keeps only its classification and its SDK calls.
 */
export async function callStore<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: StoreCallOptions,
): Promise<T> {
  const { operation, key, signal, maxAttempts } = options;
  const shouldRetry = options.shouldRetry ?? ((error: StorageError) => error.retriable);
  const stopped = () =>
    new StorageError(StorageErrorCode.STOPPED, 'stopped: the store is being closed, so the call was not retried', {
      operation,
      key,
      cause: signal?.reason,
    });
  try {
    return await retry(
      async (attempt) => {
        if (signal?.aborted) throw stopped();
        let error: StorageError;
        try {
          return await bounded(fn, attempt, options);
        } catch (thrown) {
          error = thrown instanceof TimedOut ? timedOut(options, thrown.ms) : options.classify(thrown);
        }
        const willRetry = attempt < maxAttempts && shouldRetry(error) && !signal?.aborted;
        options.onFailure?.({ operation, key, attempt, maxAttempts, error, willRetry });
        if (signal?.aborted && shouldRetry(error)) throw stopped();
        throw error;
      },
      {
        maxAttempts,
        baseMs: options.baseMs,
        capMs: options.capMs,
        signal,
        shouldRetry: (error) => error instanceof StorageError && shouldRetry(error),
      },
    );
  } catch (error) {
    // retry() rejects with the signal's reason when the stop came during a back-off sleep.
    if (signal?.aborted && error === signal.reason) throw stopped();
    throw error;
  }
}

/** Marks an attempt abandoned at its deadline. */
class TimedOut {
  constructor(readonly ms: number) {}
}

function timedOut(options: StoreCallOptions, ms: number): StorageError {
  return new StorageError(
    StorageErrorCode.UNAVAILABLE,
    `no complete answer within ${ms} ms (store.request.timeout.ms); the attempt was abandoned`,
    { operation: options.operation, key: options.key },
  );
}

async function bounded<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  attempt: number,
  options: StoreCallOptions,
): Promise<T> {
  const ms = options.requestTimeoutMs ?? 0;
  const deadline = new AbortController();
  if (ms <= 0) return fn(attempt, deadline.signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new TimedOut(ms);
      deadline.abort(reason);
      reject(reason);
    }, ms);
  });
  const call = fn(attempt, deadline.signal);
  // An abandoned attempt may still reject later: that is expected, not an unhandled rejection.
  call.catch(() => {});
  try {
    return await Promise.race([call, expired]);
  } catch (error) {
    // The SDK saw the deadline's abort and rejected with its own AbortError: it is the timeout.
    if (deadline.signal.aborted) throw new TimedOut(ms);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
