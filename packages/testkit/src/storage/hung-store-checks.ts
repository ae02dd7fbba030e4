import assert from 'node:assert/strict';
import { StorageErrorCode } from '@sinkkit/core';

/** `work`'s value and the milliseconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

/** What {@link assertRetriableWhenEveryTryHangs} checks a call against. */
export interface EveryTryHangs {
  /** The store operation the error names (`putIfAbsent`, `list`, …). */
  readonly operation: string;
  /** The adapter's per-attempt bound. */
  readonly timeoutMs: number;
  /** Attempts the adapter is configured to make. */
  readonly attempts: number;
  /** The fault that hangs every try (its `matched` count). */
  readonly hang: { readonly matched: number };
  /** The adapter's `onFailure` reports, in order. */
  readonly failures: readonly { readonly willRetry: boolean }[];
}

/**
 * A store call whose every attempt hangs fails with a retriable `STORAGE_UNAVAILABLE` naming
 * the operation, after exactly the configured attempts, each ended by the per-attempt bound,
 * and reports each failed attempt (all but the last as retried).
 */
export async function assertRetriableWhenEveryTryHangs(call: () => Promise<unknown>, c: EveryTryHangs): Promise<void> {
  const { value: error, ms } = await timed(() =>
    call().then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  const { code, retriable, operation } = (error ?? {}) as { code?: unknown; retriable?: unknown; operation?: unknown };
  assert.deepEqual(
    { code, retriable, operation },
    { code: StorageErrorCode.UNAVAILABLE, retriable: true, operation: c.operation },
  );
  assert.equal(c.hang.matched, c.attempts);
  assert.ok(
    ms < c.attempts * c.timeoutMs + 2000,
    `took ${ms} ms for ${c.attempts} attempts of at most ${c.timeoutMs} ms`,
  );
  assert.deepEqual(
    c.failures.map((f) => f.willRetry),
    Array.from({ length: c.attempts }, (_, i) => i < c.attempts - 1),
  );
}

/**
 * A call retrying a failing store (`pending`, started with a long back-off) fails at once with
 * the non-retriable `STORAGE_STOPPED` when `stop` aborts the adapter's signal.
 */
export async function assertStopsRetryingOnAbort(
  stop: AbortController,
  pending: Promise<unknown>,
  operation?: string,
): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stoppedAt = Date.now();
  stop.abort();
  await assert.rejects(pending, (error: unknown) => {
    const { code, retriable } = (error ?? {}) as { code?: unknown; retriable?: unknown };
    assert.deepEqual({ code, retriable }, { code: StorageErrorCode.STOPPED, retriable: false });
    if (operation !== undefined) assert.equal((error as { operation?: unknown }).operation, operation);
    return true;
  });
  const ms = Date.now() - stoppedAt;
  assert.ok(ms < 200, `stopped after ${ms} ms`);
}
