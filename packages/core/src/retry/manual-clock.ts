import type { Clock } from './clock.js';

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

/**
 * A {@link Clock} for tests: time stands still until {@link ManualClock.advance} moves it.
 *
 * `advance(ms)` wakes sleepers one at a time in due order (ties in the order they went to
 * sleep), setting `now()` to each sleeper's due time before waking it and letting the woken
 * code run before the next one, so code that sleeps again while time is advancing is woken
 * within the same `advance` if its new due time is still inside the window. That is what
 * makes retry loops and rotation timers testable without real waiting.
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  #seq = 0;

  /** @param start the initial `now()`, in epoch milliseconds (default 0). */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** How many sleepers are waiting. */
  get pending(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { due: this.#now + ms, seq: this.#seq++, resolve: () => resolve() };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Moves time forward by `ms` (>= 0), waking every sleeper that falls due, in order. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance needs ms >= 0, got ${ms}`);
    const target = this.#now + ms;
    for (let next = this.#nextDue(target); next; next = this.#nextDue(target)) {
      this.#sleepers = this.#sleepers.filter((s) => s !== next);
      this.#now = next.due;
      next.resolve();
      // Let the woken code run (and possibly sleep again) before looking for the next sleeper.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.#now = target;
  }

  #nextDue(target: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.#sleepers) {
      if (s.due > target) continue;
      if (!best || s.due < best.due || (s.due === best.due && s.seq < best.seq)) best = s;
    }
    return best;
  }
}
