import type { ContainerClient } from '@azure/storage-blob';
import { retry } from '@sinkkit/core';
import type { ResolvedAzureBlobStorageOptions } from './azure-storage-options.js';
import { classifyError } from './classify-error.js';

/** Default attempts of the adapter's layer when the client does not retry on its own. */
export const DEFAULT_ADAPTER_ATTEMPTS = 5;

/** The Azure SDK's own default (`StorageRetryPolicy`): 4 tries. */
const SDK_DEFAULT_TRIES = 4;

/**
 * Runs Azure calls with sinkkit's `retry()`: every failure is classified first, so only
 * throttling, 5xx and broken connections are repeated, with full-jitter back-off.
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
    private readonly options: ResolvedAzureBlobStorageOptions['retry'],
  ) {
    this.clientRetries = clientTries(container) > 1;
    this.attempts = options.maxAttempts ?? (this.clientRetries ? 1 : DEFAULT_ADAPTER_ATTEMPTS);
  }

  /**
   * Calls `fn` (given the 1-based adapter attempt) until it succeeds or fails in a way that is not
   * retriable; what it throws is always a classified `StorageError`.
   */
  run<T>(operation: string, key: string | undefined, fn: (attempt: number) => Promise<T>): Promise<T> {
    return retry(
      async (attempt) => {
        try {
          return await fn(attempt);
        } catch (error) {
          throw classifyError(error, operation, key);
        }
      },
      { maxAttempts: this.attempts, baseMs: this.options.baseMs, capMs: this.options.capMs },
    );
  }
}

/** `maxTries` of the client's pipeline, as `newPipeline` / the client constructors recorded it. */
function clientTries(container: ContainerClient): number {
  const pipeline = (container as unknown as { pipeline?: { options?: { retryOptions?: { maxTries?: unknown } } } })
    .pipeline;
  const tries = pipeline?.options?.retryOptions?.maxTries;
  return typeof tries === 'number' && tries >= 1 ? Math.floor(tries) : SDK_DEFAULT_TRIES;
}
