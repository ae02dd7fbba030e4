import type { Clock } from '@sinkkit/core';

// Aborting with a reason of our own: without one, every abort builds a DOMException and its stack.
const DISARMED = Object.freeze(new Error('wake signal timer disarmed'));

/**
 * Lets the task loop sleep until something happens (records arrive, the assignment changes,
 * a commit or stop is requested) or a deadline passes, without polling.
 *
 * The loop waits thousands of times a second under load, nearly always for the same deadline
 * (the next scheduled commit): one timer serves every wait for that deadline, instead of a
 * timer and an abort per wait.
 */
export class WakeSignal {
  #wake: (() => void) | undefined;
  #pending = false;
  #armed: { due: number; abort: AbortController } | undefined;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notify(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /** Resolves on the next `notify` (or at once if one came since the last wait), or after `ms`. */
  wait(ms: number): Promise<void> {
    return this.waitUntil(this.#clock.now() + Math.max(0, ms));
  }

  /** Resolves on the next `notify` (or at once if one came since the last wait), or at `due` (epoch ms). */
  async waitUntil(due: number): Promise<void> {
    if (this.#pending || due <= this.#clock.now()) {
      this.#pending = false;
      return;
    }
    if (this.#armed?.due !== due) this.#arm(due);
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    this.#wake = undefined;
    this.#pending = false;
  }

  /** Cancels the timer (the loop ended), so it keeps nothing alive. */
  dispose(): void {
    this.#armed?.abort.abort(DISARMED);
    this.#armed = undefined;
  }

  #arm(due: number): void {
    this.dispose();
    const armed = { due, abort: new AbortController() };
    this.#armed = armed;
    this.#clock.sleep(due - this.#clock.now(), armed.abort.signal).then(
      () => {
        if (this.#armed === armed) this.#armed = undefined;
        this.#wake?.();
      },
      () => {},
    );
  }
}
