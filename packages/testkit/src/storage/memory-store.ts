/** An object as a {@link MemoryStore} keeps it. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly lastModified: Date;
}

/** A staged upload's data as a {@link MemoryStore} keeps it, until finalized or aborted. */
export interface StagedData {
  readonly key: string;
  readonly chunks: Uint8Array[];
  size: number;
}

/**
 * The data behind one or more `MemoryStorage` instances: the "bucket". Give two instances the
 * same store to play two processes (a task and its zombie, or a process and its successor after a
 * crash) sharing one object store. Tests may read the maps; only `MemoryStorage` writes them.
 */
export class MemoryStore {
  /** Final objects by key. */
  readonly objects = new Map<string, StoredObject>();
  /** Staged uploads by handle, from `openStaged` until finalized or aborted. */
  readonly staged = new Map<string, StagedData>();
  #nextHandle = 0;

  /** A handle no other upload of this store has had. */
  newHandle(): string {
    this.#nextHandle += 1;
    return `memory-upload-${this.#nextHandle}`;
  }
}
