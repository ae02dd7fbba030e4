/**
 * Time as sinkkit code sees it. Everything that waits or reads the time (retry back-off,
 * wall-clock rotation, commit intervals) takes a `Clock`, so tests drive time with a
 * {@link ManualClock} instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. Never decreases for a {@link ManualClock}. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds (at once for `ms <= 0`). Rejects with `signal.reason`
   * as soon as `signal` aborts, including when it is already aborted.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
});
