import type { ContainerClient } from '@azure/storage-blob';
import { callStore } from '@sinkkit/core';
import type { ResolvedAzureBlobStorageOptions } from './azure-storage-options.js';
import { classifyError } from './classify-error.js';

/** Default attempts of the adapter's layer when the client does not retry on its own. */
export const DEFAULT_ADAPTER_ATTEMPTS = 5;

/** The Azure SDK's own default (`StorageRetryPolicy`): 4 tries. */
const SDK_DEFAULT_TRIES = 4;

/**
 * Runs Azure calls with sinkkit's `callStore()`: every failure is classified first, so only
 * throttling, 5xx, broken connections and timed-out attempts are repeated, with full-jitter
 * back-off; each attempt gets an `abortSignal` that aborts at `requestTimeoutMs`.
 *
 * Layering: the SDK's pipeline retries too (`StorageRetryPolicy`, 4 tries by default, on 500, 503
 * and network errors), and two layers multiply (4 × 5 = 20 requests nobody chose). So unless
 * `retry.maxAttempts` is set, the adapter reads the pipeline's `retryOptions.maxTries` and retries
 * only when the client does not (`maxTries: 1`).
 */
export class RetryingCaller {
  readonly attempts: number;
  /** Whether the client's pipeline may send a request more than once by itself. */
  readonly clientRetries: boolean;

  constructor(
    container: ContainerClient,
    private readonly options: Pick<
      ResolvedAzureBlobStorageOptions,
      'retry' | 'requestTimeoutMs' | 'signal' | 'onFailure'
    >,
  ) {
    this.clientRetries = clientTries(container) > 1;
    this.attempts = options.retry.maxAttempts ?? (this.clientRetries ? 1 : DEFAULT_ADAPTER_ATTEMPTS);
  }

  /**
   * Calls `fn` (given the 1-based adapter attempt) until it succeeds or fails in a way that is not
   * retriable; what it throws is always a classified `StorageError`.
   */
  run<T>(
    operation: string,
    key: string | undefined,
    fn: (attempt: number, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { retry, requestTimeoutMs, signal, onFailure } = this.options;
    return callStore(fn, {
      operation,
      key,
      maxAttempts: this.attempts,
      baseMs: retry.baseMs,
      capMs: retry.capMs,
      requestTimeoutMs,
      signal,
      onFailure,
      classify: (error) => classifyError(error, operation, key),
    });
  }
}

/** `maxTries` of the client's pipeline, as `newPipeline` / the client constructors recorded it. */
function clientTries(container: ContainerClient): number {
  const pipeline = (container as unknown as { pipeline?: { options?: { retryOptions?: { maxTries?: unknown } } } })
    .pipeline;
  const tries = pipeline?.options?.retryOptions?.maxTries;
  return typeof tries === 'number' && tries >= 1 ? Math.floor(tries) : SDK_DEFAULT_TRIES;
}
