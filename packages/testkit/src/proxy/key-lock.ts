/**
 * Per-key mutual exclusion: holders of the same key run one after another, in arrival order;
 * different keys do not wait for each other.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves once `key` is free, with a release function (idempotent) that frees it for the next waiter. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let free!: () => void;
    const held = new Promise<void>((resolve) => {
      free = resolve;
    });
    const tail = previous ? previous.then(() => held) : held;
    this.tails.set(key, tail);
    if (previous) await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      free();
      // Forget the key once nobody queued behind us, so the map does not grow with every key seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
