import { type StagedUpload, type StagedWriter, StorageError, StorageErrorCode } from '@sinkkit/core';
import { encodeHandle } from './staging.js';

// Small files are the common case (many open files, each a few KB): start small and grow to a
// whole chunk only when the data is there, so memory follows what was written, not `chunkSize`.
const INITIAL_CAPACITY = 64 * 1024;

/** What the writer needs to know about its upload. */
export interface GcsStagedWriterInit {
  /** The key relative to the storage's prefix (what `StagedUpload.key` holds). */
  readonly key: string;
  readonly uploadId: string;
  readonly chunkSize: number;
  /** Uploads part `index` as a temporary object (classified and retried by the caller). */
  readonly uploadPart: (index: number, body: Buffer) => Promise<void>;
  /** Deletes every temporary object of the upload, tolerating ones already gone. */
  readonly abortUpload: () => Promise<void>;
}

/**
 * Streams bytes into temporary part objects, one simple (single-request) upload per chunk, and
 * leaves them staged: nothing appears at the key until `GcsStorage.finalize` copies or composes
 * the parts into place.
 *
 * Memory: at most one chunk being filled plus one chunk in flight (≤ 2 × `chunkSize`). A write
 * that fills a chunk waits for the previous chunk's upload, which is the backpressure. Each part's
 * body is a Buffer, so a failed part is retried on its own without losing the file. A part that
 * fails for good fails the next `write` or `close`; then only `abort` is useful.
 */
export class GcsStagedWriter implements StagedWriter {
  readonly key: string;
  #bytesWritten = 0;
  #buffer: Buffer | undefined;
  #filled = 0;
  /** The last in-flight chunk's buffer, reused for the next chunk instead of allocating. */
  #spare: Buffer | undefined;
  #inFlight: Promise<void> | undefined;
  #inFlightBytes = 0;
  #failure: unknown;
  #parts = 0;
  #state: 'open' | 'closed' | 'aborted' = 'open';
  #aborting: Promise<void> | undefined;

  constructor(private readonly init: GcsStagedWriterInit) {
    this.key = init.key;
  }

  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Bytes held in memory right now: the chunk being filled plus the chunk being uploaded. */
  get bufferedBytes(): number {
    return this.#filled + this.#inFlightBytes;
  }

  /** The upload id (names the folder of the temporary objects). */
  get uploadId(): string {
    return this.init.uploadId;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#assertOpen('write');
    this.#throwIfFailed();
    const { chunkSize } = this.init;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, chunkSize - this.#filled);
      const buffer = this.#reserve(this.#filled + n);
      buffer.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      this.#bytesWritten += n;
      offset += n;
      if (this.#filled === chunkSize) await this.#sendPart();
    }
  }

  async close(): Promise<StagedUpload> {
    this.#assertOpen('close');
    // A 0-byte file still gets one (empty) part: finalize then copies it like any other file, and
    // "the temporary objects are gone" keeps meaning "aborted or finalized".
    if (this.#filled > 0 || this.#parts === 0) await this.#sendPart();
    await this.#settle();
    this.#state = 'closed';
    this.#buffer = undefined;
    this.#spare = undefined;
    return {
      key: this.key,
      handle: encodeHandle({ uploadId: this.init.uploadId, parts: this.#parts }),
      size: this.#bytesWritten,
    };
  }

  abort(): Promise<void> {
    this.#aborting ??= (async () => {
      this.#state = 'aborted';
      this.#buffer = undefined;
      this.#spare = undefined;
      this.#filled = 0;
      // Let a part in flight land first, or it could appear after the clean-up.
      await this.#inFlight?.catch(() => {});
      await this.init.abortUpload();
    })();
    return this.#aborting;
  }

  /** Starts uploading the filled buffer as the next part, after the previous part has landed. */
  async #sendPart(): Promise<void> {
    await this.#settle();
    const index = this.#parts;
    this.#parts += 1;
    const buffer = this.#buffer ?? Buffer.alloc(0);
    const body = buffer.subarray(0, this.#filled);
    this.#inFlightBytes = this.#filled;
    this.#buffer = undefined;
    this.#filled = 0;
    this.#inFlight = this.init
      .uploadPart(index, body)
      .then(
        () => {
          if (buffer.length === this.init.chunkSize) this.#spare = buffer;
        },
        (error: unknown) => {
          this.#failure = error;
        },
      )
      .finally(() => {
        this.#inFlightBytes = 0;
      });
  }

  /** Waits for the part in flight and rethrows its failure. */
  async #settle(): Promise<void> {
    await this.#inFlight;
    this.#inFlight = undefined;
    this.#throwIfFailed();
  }

  /** The fill buffer, grown (doubling, up to `chunkSize`) to hold at least `size` bytes. */
  #reserve(size: number): Buffer {
    const current = this.#buffer;
    if (current && current.length >= size) return current;
    const { chunkSize } = this.init;
    let next: Buffer;
    if (this.#spare && this.#spare.length >= size) {
      next = this.#spare;
      this.#spare = undefined;
    } else if (this.#parts > 0) {
      // The file already spans chunks: it is large, so take a whole chunk at once, not by doubling.
      next = Buffer.allocUnsafe(chunkSize);
    } else {
      let capacity = Math.max(current?.length ?? 0, INITIAL_CAPACITY);
      while (capacity < size) capacity *= 2;
      next = Buffer.allocUnsafe(Math.min(capacity, chunkSize));
    }
    if (current) current.copy(next, 0, 0, this.#filled);
    this.#buffer = next;
    return next;
  }

  #assertOpen(operation: string): void {
    if (this.#state !== 'open') {
      throw new StorageError(StorageErrorCode.INVALID_REQUEST, `the staged writer is ${this.#state}`, {
        operation,
        key: this.key,
      });
    }
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
