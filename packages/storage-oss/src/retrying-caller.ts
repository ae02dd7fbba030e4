import { callStore, type StorageError } from '@sinkkit/core';
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
 * Runs ali-oss calls with sinkkit's `callStore()`: every failure is classified first, so only
 * throttling, 5xx, broken connections and timed-out attempts are repeated, with full-jitter
 * back-off. ali-oss takes no abort signal, so an attempt past `requestTimeoutMs` is abandoned.
 *
 * Layering: ali-oss's own `retryMax` (default 0) repeats only requests that got no HTTP answer
 * (its status -1/-2), never 5xx or 503, never streamed bodies, after a fixed 500 ms. So the
 * adapter is always the layer for HTTP answers. For no-answer failures, exactly one layer retries
 * unless both are configured on purpose: when the client has `retryMax > 0` and `retry.maxAttempts`
 * is not set, the adapter does not repeat a non-streamed request that ali-oss already repeated.
 */
export class RetryingCaller {
  constructor(
    private readonly options: Pick<
      ResolvedOssStorageOptions,
      'retry' | 'clientRetryMax' | 'requestTimeoutMs' | 'signal' | 'onFailure'
    >,
  ) {}

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
    const { retry, requestTimeoutMs, signal, onFailure, clientRetryMax } = this.options;
    const leaveNoAnswerToClient = clientRetryMax > 0 && retry.maxAttempts === undefined && !call.streamed;
    // Failures ali-oss already repeated: classified like any other, but not repeated again here.
    const repeatedByClient = new WeakSet<StorageError>();
    return callStore((attempt) => fn(attempt), {
      operation,
      key,
      maxAttempts: this.attempts,
      baseMs: retry.baseMs,
      capMs: retry.capMs,
      requestTimeoutMs,
      signal,
      onFailure,
      classify: (error) => {
        const classified = classifyError(error, operation, key);
        if (leaveNoAnswerToClient && noAnswer(error)) repeatedByClient.add(classified);
        return classified;
      },
      shouldRetry: (error) => error.retriable && !repeatedByClient.has(error),
    });
  }
}

function noAnswer(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === -1 || status === -2;
}
