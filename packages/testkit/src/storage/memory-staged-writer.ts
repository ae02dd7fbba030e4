import { type StagedUpload, type StagedWriter, StorageError, StorageErrorCode } from '@sinkkit/core';
import type { FaultPlan } from './memory-faults.js';
import type { MemoryStore } from './memory-store.js';

/** Appends straight into the store's staged data, so another instance's `listStaged` sees it while open. */
export class MemoryStagedWriter implements StagedWriter {
  readonly key: string;
  #bytesWritten = 0;
  #state: 'open' | 'closed' | 'aborted' = 'open';
  readonly #store: MemoryStore;
  readonly #handle: string;
  readonly #faults: FaultPlan;

  constructor(store: MemoryStore, key: string, faults: FaultPlan) {
    this.#store = store;
    this.key = key;
    this.#faults = faults;
    this.#handle = store.newHandle();
    store.staged.set(this.#handle, { key, chunks: [], size: 0 });
  }

  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#faults.run('write', this.key, () => {
      const staged = this.#open('write');
      // Copied: the caller may reuse its buffer once write resolves.
      staged.chunks.push(new Uint8Array(chunk));
      staged.size += chunk.byteLength;
      this.#bytesWritten += chunk.byteLength;
    });
  }

  close(): Promise<StagedUpload> {
    return this.#faults.run('close', this.key, () => {
      this.#open('close');
      this.#state = 'closed';
      return { key: this.key, handle: this.#handle, size: this.#bytesWritten };
    });
  }

  abort(): Promise<void> {
    return this.#faults.run('abort', this.key, () => {
      // After close too: the staged data goes, a finalized object stays (it is no longer staged).
      this.#store.staged.delete(this.#handle);
      this.#state = 'aborted';
    });
  }

  #open(operation: string) {
    if (this.#state !== 'open') {
      throw new StorageError(StorageErrorCode.INVALID_REQUEST, `the staged writer is ${this.#state}`, {
        operation,
        key: this.key,
      });
    }
    const staged = this.#store.staged.get(this.#handle);
    if (!staged) {
      throw new StorageError(StorageErrorCode.STAGED_UPLOAD_LOST, 'the staged upload was aborted', {
        operation,
        key: this.key,
      });
    }
    return staged;
  }
}
