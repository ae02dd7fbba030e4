import { describe, expect, it } from 'vitest';
import { callStore, StorageError, StorageErrorCode, type StoreAttemptFailure } from '../../src/index.js';

const classify = (error: unknown) =>
  error instanceof StorageError
    ? error
    : new StorageError(StorageErrorCode.UNAVAILABLE, String((error as Error).message), { operation: 'op' });
const base = { operation: 'op', key: 'k', maxAttempts: 3, baseMs: 1, capMs: 2, classify };

describe('callStore', () => {
  it('abandons an attempt that never settles at the request timeout, as a retriable failure, and retries', async () => {
    const failures: StoreAttemptFailure[] = [];
    const signals: AbortSignal[] = [];
    const started = Date.now();
    const out = await callStore(
      (attempt, signal) => {
        signals.push(signal);
        return attempt === 1 ? new Promise<string>(() => {}) : Promise.resolve('ok');
      },
      { ...base, requestTimeoutMs: 100, onFailure: (f) => failures.push(f) },
    );
    expect(out).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ attempt: 1, maxAttempts: 3, willRetry: true });
    expect(failures[0]?.error).toMatchObject({ code: StorageErrorCode.UNAVAILABLE, retriable: true });
    expect(failures[0]?.error.message).toMatch(/no complete answer within 100 ms \(store\.request\.timeout\.ms\)/);
  });

  it('fails retriably when every attempt hangs', async () => {
    let attempts = 0;
    await expect(
      callStore(
        () => {
          attempts++;
          return new Promise(() => {});
        },
        { ...base, requestTimeoutMs: 50 },
      ),
    ).rejects.toMatchObject({ code: StorageErrorCode.UNAVAILABLE, retriable: true, operation: 'op', key: 'k' });
    expect(attempts).toBe(3);
  });

  it('stops promptly with a non-retriable STORAGE_STOPPED error when the signal aborts during a back-off', async () => {
    const stop = new AbortController();
    let attempts = 0;
    const call = callStore(
      async () => {
        attempts++;
        throw new Error('ECONNREFUSED');
      },
      { ...base, maxAttempts: 100, baseMs: 60_000, capMs: 60_000, signal: stop.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stoppedAt = Date.now();
    stop.abort();
    await expect(call).rejects.toMatchObject({ code: StorageErrorCode.STOPPED, retriable: false });
    expect(Date.now() - stoppedAt).toBeLessThan(100);
    expect(attempts).toBe(1);
  });

  it('starts no attempt once stopped, and lets one in flight finish', async () => {
    const stop = new AbortController();
    stop.abort();
    let attempts = 0;
    await expect(callStore(async () => attempts++, { ...base, signal: stop.signal })).rejects.toMatchObject({
      code: StorageErrorCode.STOPPED,
    });
    expect(attempts).toBe(0);

    const late = new AbortController();
    const out = callStore(() => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 50)), {
      ...base,
      signal: late.signal,
    });
    late.abort();
    await expect(out).resolves.toBe('done');
  });

  it('does not retry a non-retriable failure, and reports it once', async () => {
    const failures: StoreAttemptFailure[] = [];
    const denied = new StorageError(StorageErrorCode.ACCESS_DENIED, '403', { operation: 'op' });
    await expect(
      callStore(
        async () => {
          throw denied;
        },
        { ...base, onFailure: (f) => failures.push(f) },
      ),
    ).rejects.toBe(denied);
    expect(failures.map((f) => f.willRetry)).toEqual([false]);
  });
});
