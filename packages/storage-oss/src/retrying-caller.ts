import { retry } from '@sinkkit/core';
import { classifyError } from './classify-error.js';
import type { ResolvedOssStorageOptions } from './oss-storage-options.js';

/** Default attempts per operation made by the adapter. */
export const DEFAULT_ADAPTER_ATTEMPTS = 5;

/** How one call may be retried. */
export interface CallOptions {
  /**
   * The request body is a stream (UploadPart): ali-oss never repeats those itself, so the adapter
   * retries them even where it leaves no-answer failures to ali-oss's `retryMax`.
   */
  readonly streamed?: boolean;
}

/**
 * Runs ali-oss calls with sinkkit's `retry()`: every failure is classified first, so only
 * throttling, 5xx and broken connections are repeated, with full-jitter back-off.
 *
 * Layering: ali-oss's own `retryMax` (default 0) repeats only requests that got no HTTP answer
 * (its status -1/-2), never 5xx or 503, never streamed bodies, after a fixed 500 ms. So the
 * adapter is always the layer for HTTP answers. For no-answer failures, exactly one layer retries
 * unless both are configured on purpose: when the client has `retryMax > 0` and `retry.maxAttempts`
 * is not set, the adapter does not repeat a non-streamed request that ali-oss already repeated.
 */
export class RetryingCaller {
  constructor(private readonly options: Pick<ResolvedOssStorageOptions, 'retry' | 'clientRetryMax'>) {}

  /** Attempts the adapter makes per operation. */
  get attempts(): number {
    return this.options.retry.maxAttempts ?? DEFAULT_ADAPTER_ATTEMPTS;
  }

  /**
   * Calls `fn` (given the 1-based adapter attempt) until it succeeds or fails in a way that is not
   * retriable; what it throws is always a classified `StorageError`.
   */
  run<T>(
    operation: string,
    key: string | undefined,
    fn: (attempt: number) => Promise<T>,
    call: CallOptions = {},
  ): Promise<T> {
    const leaveNoAnswerToClient =
      this.options.clientRetryMax > 0 && this.options.retry.maxAttempts === undefined && !call.streamed;
    return retry(
      async (attempt) => {
        try {
          return await fn(attempt);
        } catch (error) {
          const classified = classifyError(error, operation, key);
          if (leaveNoAnswerToClient && noAnswer(error)) throw new NotRepeated(classified);
          throw classified;
        }
      },
      {
        maxAttempts: this.attempts,
        baseMs: this.options.retry.baseMs,
        capMs: this.options.retry.capMs,
        shouldRetry: (error) =>
          !(error instanceof NotRepeated) && (error as { retriable?: unknown }).retriable === true,
      },
    ).catch((error: unknown) => {
      throw error instanceof NotRepeated ? error.error : error;
    });
  }
}

/** Carries a retriable error past the adapter's retry when ali-oss already retried it. */
class NotRepeated {
  constructor(readonly error: unknown) {}
}

function noAnswer(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === -1 || status === -2;
}
