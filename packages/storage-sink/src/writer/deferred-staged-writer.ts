import type { StagedUpload, StagedWriter, Storage } from '@sinkkit/core';

/**
 * A {@link StagedWriter} whose final key is chosen when it is closed, for file names that carry
 * the end offset (`file.name.end.offset=true`): the key of a staged upload is fixed when it
 * starts (an S3 or OSS multipart upload, Azure's uncommitted blocks), before the file's last
 * record is known. So the bytes are held in memory until {@link closeAs}, which then stages them
 * under the final key in one go. They count as buffered bytes in the task's memory budget
 * (`sink.memory.budget.bytes`), which commits early rather than let them grow without bound.
 */
export class DeferredStagedWriter implements StagedWriter {
  readonly #storage: Storage;
  readonly #chunks: Uint8Array[] = [];
  #bytes = 0;
  #done = false;

  /** `key` is the provisional key (the name without the end offset), for formats that read it. */
  constructor(
    storage: Storage,
    readonly key: string,
  ) {
    this.#storage = storage;
  }

  get bytesWritten(): number {
    return this.#bytes;
  }

  /** Bytes held in memory, not yet staged. */
  get heldBytes(): number {
    return this.#done ? 0 : this.#bytes;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.#done) throw new Error(`write after close or abort of ${this.key}`);
    // Formats may reuse their buffers once write resolves: keep a copy.
    this.#chunks.push(chunk.slice());
    this.#bytes += chunk.byteLength;
  }

  /** Use {@link closeAs}: the final key is not known here. */
  close(): Promise<StagedUpload> {
    return this.closeAs(this.key);
  }

  /** Stages everything written under `finalKey` and closes it (still invisible until finalized). */
  async closeAs(finalKey: string): Promise<StagedUpload> {
    if (this.#done) throw new Error(`close after close or abort of ${this.key}`);
    this.#done = true;
    const staged = await this.#storage.openStaged(finalKey);
    try {
      for (const chunk of this.#chunks.splice(0)) await staged.write(chunk);
      return await staged.close();
    } catch (error) {
      await staged.abort().catch(() => {});
      throw error;
    }
  }

  async abort(): Promise<void> {
    this.#done = true;
    this.#chunks.length = 0;
  }
}
