import type { S3Client } from '@aws-sdk/client-s3';
import { retry } from '@sinkkit/core';
import { classifyError } from './classify-error.js';
import type { ResolvedS3StorageOptions } from './s3-storage-options.js';

/** Default attempts of the adapter's layer when the client does not retry on its own. */
export const DEFAULT_ADAPTER_ATTEMPTS = 5;

/**
 * Runs S3 calls with sinkkit's `retry()`: every failure is classified first, so only throttling,
 * 5xx and broken connections are repeated, with full-jitter back-off.
 *
 * Layering: the SDK retries too (standard mode, 3 attempts by default), and stacking two layers
 * multiplies attempts (3 × 5 = 15 requests) without anyone having chosen that. So unless
 * `retry.maxAttempts` is set, the adapter reads the client's own `maxAttempts` and retries only
 * when the client does not (`maxAttempts: 1`). Setting both is allowed, and then the product is
 * what the user asked for.
 */
export class RetryingCaller {
  #attempts: Promise<number> | undefined;

  constructor(
    private readonly client: S3Client,
    private readonly options: ResolvedS3StorageOptions['retry'],
  ) {}

  /** Attempts the adapter makes per operation (resolved once from the options or the client). */
  attempts(): Promise<number> {
    this.#attempts ??= this.#resolveAttempts();
    return this.#attempts;
  }

  /**
   * Calls `fn` (given the 1-based adapter attempt) until it succeeds or fails in a way that is not
   * retriable; what it throws is always a classified `StorageError`.
   */
  async run<T>(operation: string, key: string | undefined, fn: (attempt: number) => Promise<T>): Promise<T> {
    const maxAttempts = await this.attempts();
    return retry(
      async (attempt) => {
        try {
          return await fn(attempt);
        } catch (error) {
          throw classifyError(error, operation, key);
        }
      },
      { maxAttempts, baseMs: this.options.baseMs, capMs: this.options.capMs },
    );
  }

  async #resolveAttempts(): Promise<number> {
    if (this.options.maxAttempts !== undefined) return this.options.maxAttempts;
    const provider = (this.client.config as { maxAttempts?: unknown } | undefined)?.maxAttempts;
    const clientAttempts = typeof provider === 'function' ? Number(await provider()) : Number(provider ?? 3);
    return clientAttempts > 1 ? 1 : DEFAULT_ADAPTER_ATTEMPTS;
  }
}
