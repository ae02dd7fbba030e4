import type { S3Client } from '@aws-sdk/client-s3';
import { callStore } from '@sinkkit/core';
import { classifyError } from './classify-error.js';
import type { ResolvedS3StorageOptions } from './s3-storage-options.js';

/** Default attempts of the adapter's layer when the client does not retry on its own. */
export const DEFAULT_ADAPTER_ATTEMPTS = 5;

/**
 * Runs S3 calls with sinkkit's `callStore()`: every failure is classified first, so only
 * throttling, 5xx, broken connections and timed-out attempts are repeated, with full-jitter
 * back-off; each attempt is bounded by `requestTimeoutMs`, and retrying stops at `signal`.
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
    private readonly options: Pick<ResolvedS3StorageOptions, 'retry' | 'requestTimeoutMs' | 'signal' | 'onFailure'>,
  ) {}

  /** Attempts the adapter makes per operation (resolved once from the options or the client). */
  attempts(): Promise<number> {
    this.#attempts ??= this.#resolveAttempts();
    return this.#attempts;
  }

  /**
   * Calls `fn` (given the 1-based adapter attempt and the attempt's abort signal, for
   * `client.send(command, { abortSignal })`) until it succeeds or fails in a way that is not
   * retriable; what it throws is always a classified `StorageError`.
   */
  async run<T>(
    operation: string,
    key: string | undefined,
    fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { retry, requestTimeoutMs, signal, onFailure } = this.options;
    return callStore(fn, {
      operation,
      key,
      maxAttempts: await this.attempts(),
      baseMs: retry.baseMs,
      capMs: retry.capMs,
      requestTimeoutMs,
      signal,
      onFailure,
      classify: (error) => classifyError(error, operation, key),
    });
  }

  async #resolveAttempts(): Promise<number> {
    if (this.options.retry.maxAttempts !== undefined) return this.options.retry.maxAttempts;
    const provider = (this.client.config as { maxAttempts?: unknown } | undefined)?.maxAttempts;
    const clientAttempts = typeof provider === 'function' ? Number(await provider()) : Number(provider ?? 3);
    return clientAttempts > 1 ? 1 : DEFAULT_ADAPTER_ATTEMPTS;
  }
}
