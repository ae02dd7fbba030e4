/** What the governor needs of a topic-partition writer. */
export interface Governed {
  /** Bytes its open files hold in format buffers. */
  readonly bufferedBytes: number;
  readonly openFileCount: number;
  /** Commits every open file of the topic-partition (handling its own failures). */
  relieve(reason: 'memory.budget' | 'max.open.files'): Promise<void>;
}

/**
 * One memory budget and one open-file limit across every topic-partition of a task. When a
 * write pushes the total past a limit, the topic-partition holding the most commits early
 * (all its files, atomically) instead of memory growing: the same commit as any rotation.
 */
export class ResourceGovernor {
  readonly #writers = new Set<Governed>();
  readonly #budgetBytes: number;
  readonly #maxOpenFiles: number;
  #bufferedBytes = 0;
  /** Early commits so far, by reason (for tests and metrics). */
  readonly pressureCommits = { 'memory.budget': 0, 'max.open.files': 0 };

  constructor(budgetBytes: number, maxOpenFiles: number) {
    this.#budgetBytes = budgetBytes;
    this.#maxOpenFiles = maxOpenFiles;
  }

  register(writer: Governed): void {
    this.#writers.add(writer);
  }

  unregister(writer: Governed): void {
    this.#writers.delete(writer);
  }

  /**
   * The bytes held by every writer's format buffers, kept as a running total (writers report each
   * change through `track`) because it is read after every record: summing over the writers and
   * their open files each time cost as much as writing the record.
   */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  /** A writer's buffered bytes grew by `delta` (negative: shrank). */
  track(delta: number): void {
    this.#bufferedBytes += delta;
  }

  get openFiles(): number {
    let sum = 0;
    for (const w of this.#writers) sum += w.openFileCount;
    return sum;
  }

  /** Before a file is opened: makes room when the task is at its open-file limit. */
  async beforeOpen(): Promise<void> {
    // Bounded: each round empties one writer, so a writer that cannot commit never loops forever.
    for (let round = 0; round <= this.#writers.size && this.openFiles >= this.#maxOpenFiles; round++) {
      if (!(await this.#relieve('max.open.files', (w) => w.openFileCount))) return;
    }
  }

  /**
   * After a record was written: commits the biggest holder while the budget is exceeded. Returns
   * nothing (no promise) when the budget holds, which is nearly always: it runs once per record.
   */
  afterWrite(): Promise<void> | undefined {
    return this.bufferedBytes > this.#budgetBytes ? this.#relieveBudget() : undefined;
  }

  async #relieveBudget(): Promise<void> {
    for (let round = 0; round <= this.#writers.size && this.bufferedBytes > this.#budgetBytes; round++) {
      if (!(await this.#relieve('memory.budget', (w) => w.bufferedBytes))) return;
    }
  }

  async #relieve(reason: 'memory.budget' | 'max.open.files', weight: (w: Governed) => number): Promise<boolean> {
    let victim: Governed | undefined;
    for (const w of this.#writers) if (w.openFileCount > 0 && (!victim || weight(w) > weight(victim))) victim = w;
    if (!victim) return false;
    this.pressureCommits[reason] += 1;
    await victim.relieve(reason);
    return true;
  }
}
