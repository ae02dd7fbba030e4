import { describe, expect, it, vi } from 'vitest';
import { DataError, ManualClock, RetriableError, retry } from '../../src/index.js';

/** A function failing `failures` times with `error`, then returning 'ok'. */
function flaky(failures: number, error: () => unknown = () => new RetriableError('throttled')) {
  return vi.fn(async (_attempt: number) => {
    if (failures-- > 0) throw error();
    return 'ok';
  });
}

describe('retry', () => {
  it('retries retriable errors until success, sleeping with full-jitter back-off', async () => {
    const fn = flaky(3);
    const sleeps: number[] = [];
    const result = await retry(fn, {
      baseMs: 100,
      capMs: 250,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(result).toBe('ok');
    expect(fn.mock.calls.map((c) => c[0])).toEqual([1, 2, 3, 4]);
    expect(sleeps).toEqual([50, 100, 125]); // 0.5 × min(250, 100·2^(n-1))
  });

  it('rethrows a non-retriable error at once', async () => {
    const bad = new DataError('bad record');
    const fn = flaky(5, () => bad);
    const sleep = vi.fn(async () => {});
    await expect(retry(fn, { sleep })).rejects.toBe(bad);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('does not retry plain errors by default, but shouldRetry can opt in', async () => {
    await expect(
      retry(
        flaky(1, () => new Error('boom')),
        { sleep: async () => {} },
      ),
    ).rejects.toThrow('boom');
    const fn = flaky(2, () => new Error('ECONNRESET'));
    const result = await retry(fn, {
      sleep: async () => {},
      shouldRetry: (e) => (e as Error).message === 'ECONNRESET',
    });
    expect(result).toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('gives up after maxAttempts with the last error unchanged', async () => {
    let n = 0;
    const fn = vi.fn(async () => {
      throw new RetriableError(`failure ${++n}`);
    });
    const onRetry = vi.fn();
    const error = await retry(fn, { maxAttempts: 3, sleep: async () => {}, onRetry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableError);
    expect((error as Error).message).toBe('failure 3');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls.map((c) => c[0].attempt)).toEqual([1, 2]);
  });

  it('gives up rather than sleep past maxElapsedMs, measured on the injected clock', async () => {
    const clock = new ManualClock();
    const fn = flaky(10);
    const running = retry(fn, { clock, baseMs: 1_000, capMs: 1_000, random: () => 0.999, maxElapsedMs: 2_500 });
    const settled = running.catch((e: unknown) => e);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(10_000);
    expect(await settled).toBeInstanceOf(RetriableError);
    // Sleeps of 999 ms: after attempts 1 and 2 (t=1998); a third would end at 2997 > 2500.
    expect(fn).toHaveBeenCalledTimes(3);
    expect(clock.now()).toBe(10_000);
  });

  it('waits on the injected clock between attempts', async () => {
    const clock = new ManualClock();
    const fn = flaky(1);
    const running = retry(fn, { clock, baseMs: 400, random: () => 0.5 });
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    expect(fn).toHaveBeenCalledTimes(1);
    await clock.advance(199);
    expect(fn).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    expect(await running).toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('stops when the signal aborts during a back-off sleep', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const fn = flaky(10);
    // A fixed jitter: a random delay of 0 ms would not wait on the clock, and the retry would run.
    const running = retry(fn, { clock, signal: controller.signal, random: () => 0.5 });
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    controller.abort(new Error('task stopping'));
    await expect(running).rejects.toThrow('task stopping');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const fn = flaky(0);
    await expect(retry(fn, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    expect(fn).not.toHaveBeenCalled();
  });

  it('accepts synchronous functions and validates maxAttempts', async () => {
    expect(await retry(() => 7)).toBe(7);
    await expect(retry(() => 1, { maxAttempts: 0 })).rejects.toThrow(RangeError);
  });
});
