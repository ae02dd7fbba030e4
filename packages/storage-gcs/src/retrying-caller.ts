import { type Bucket, IdempotencyStrategy } from '@google-cloud/storage';
import { callStore } from '@sinkkit/core';
import { classifyError } from './classify-error.js';
import type { ResolvedGcsStorageOptions } from './gcs-storage-options.js';

/** Default attempts of the adapter's layer for calls the client does not retry on its own. */
export const DEFAULT_ADAPTER_ATTEMPTS = 5;

/**
 * How @google-cloud/storage treats a call, which decides whether it retries it itself:
 * - `idempotent`: reads, and writes carrying a precondition (`ifGenerationMatch`) — retried by
 *   the client when `autoRetry` is on (the default), unless its strategy is `RetryNever`;
 * - `unconditional`: writes without a precondition (temporary parts, deletes, intermediate
 *   composes) — retried by the client only with `IdempotencyStrategy.RetryAlways`.
 */
export type CallKind = 'idempotent' | 'unconditional';

/**
 * Runs GCS calls with sinkkit's `callStore()`: every failure is classified first, so only
 * throttling, 5xx, broken connections and timed-out attempts are repeated, with full-jitter
 * back-off. @google-cloud/storage takes no abort signal per call, so an attempt past
 * `requestTimeoutMs` is abandoned (the client's own `timeout` ends its socket).
 *
 * Layering: the client retries some calls itself (see {@link CallKind}), and stacking two layers
 * multiplies attempts (4 × 5 = 20 requests) without anyone having chosen that. So unless
 * `retry.maxAttempts` is set, the adapter makes one attempt for calls the client retries and
 * {@link DEFAULT_ADAPTER_ATTEMPTS} for those it does not. The client's settings are read once, at
 * construction (the client toggles `retryOptions.autoRetry` while some calls run).
 */
export class RetryingCaller {
  readonly #clientRetries: Readonly<Record<CallKind, boolean>>;

  constructor(
    bucket: Bucket,
    private readonly options: Pick<ResolvedGcsStorageOptions, 'retry' | 'requestTimeoutMs' | 'signal' | 'onFailure'>,
  ) {
    const client = bucket.storage?.retryOptions ?? {};
    const on = client.autoRetry !== false && (client.maxRetries ?? 3) > 0;
    const strategy = client.idempotencyStrategy ?? IdempotencyStrategy.RetryConditional;
    this.#clientRetries = {
      idempotent: on && strategy !== IdempotencyStrategy.RetryNever,
      unconditional: on && strategy === IdempotencyStrategy.RetryAlways,
    };
  }

  /** Attempts the adapter makes for a call of this kind. */
  attempts(kind: CallKind): number {
    return this.options.retry.maxAttempts ?? (this.#clientRetries[kind] ? 1 : DEFAULT_ADAPTER_ATTEMPTS);
  }

  /**
   * Calls `fn` (given the 1-based adapter attempt) until it succeeds or fails in a way that is not
   * retriable; what it throws is always a classified `StorageError`.
   */
  run<T>(operation: string, key: string | undefined, kind: CallKind, fn: (attempt: number) => Promise<T>): Promise<T> {
    const { retry, requestTimeoutMs, signal, onFailure } = this.options;
    return callStore((attempt) => fn(attempt), {
      operation,
      key,
      maxAttempts: this.attempts(kind),
      baseMs: retry.baseMs,
      capMs: retry.capMs,
      requestTimeoutMs,
      signal,
      onFailure,
      classify: (error) => classifyError(error, operation, key),
    });
  }
}
