import type { Clock } from '@sinkkit/core';

/**
 * Lets the task loop sleep until something happens (records arrive, the assignment changes,
 * a commit or stop is requested) or a deadline passes, without polling.
 */
export class WakeSignal {
  #wake: (() => void) | undefined;
  #pending = false;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notify(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /** Resolves on the next `notify` (or at once if one came since the last wait), or after `ms`. */
  async wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return;
    }
    const abort = new AbortController();
    const woken = new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    try {
      await Promise.race([woken, this.#clock.sleep(Math.max(0, ms), abort.signal).catch(() => {})]);
    } finally {
      abort.abort();
      this.#wake = undefined;
      this.#pending = false;
    }
  }
}
