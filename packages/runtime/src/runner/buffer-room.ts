import type { RecordBuffer } from './record-buffer.js';

/** The bounds of a {@link BufferRoom}. */
export interface BufferLimits {
  /** Records held at most before the consumer waits (`sinkkit.buffer.max.records`). */
  readonly maxRecords: number;
  /** Payload bytes held at most before the consumer waits (`sinkkit.buffer.max.bytes`). */
  readonly maxBytes: number;
}

/**
 * Back-pressure between the consumer and the task loop: once the buffer holds
 * `maxRecords` records or `maxBytes` bytes, the consumer waits for {@link whenFull} before it
 * hands over (and so fetches) more, instead of pausing every partition and idling a whole
 * fetch wait after resuming. The loop calls {@link changed} whenever it took or dropped records.
 */
export class BufferRoom {
  readonly #buffer: RecordBuffer;
  readonly #limits: BufferLimits;
  #waiting: { promise: Promise<void>; resolve: () => void } | undefined;
  #open = false;

  constructor(buffer: RecordBuffer, limits: BufferLimits) {
    this.#buffer = buffer;
    this.#limits = limits;
  }

  /** Whether the buffer is at or above a limit (and the room not opened for good). */
  get full(): boolean {
    return !this.#open && (this.#buffer.size >= this.#limits.maxRecords || this.#buffer.bytes >= this.#limits.maxBytes);
  }

  /** `undefined` while there is room; otherwise a promise that settles once there is. */
  whenFull(): Promise<void> | undefined {
    if (!this.full) return undefined;
    if (!this.#waiting) {
      let resolve: () => void = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.#waiting = { promise, resolve };
    }
    return this.#waiting.promise;
  }

  /** The buffer shrank: release the consumer if there is room now. */
  changed(): void {
    if (this.#waiting && !this.full) this.#release();
  }

  /** Never make the consumer wait again (the loop is ending). */
  openForGood(): void {
    this.#open = true;
    this.#release();
  }

  #release(): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve();
  }
}
