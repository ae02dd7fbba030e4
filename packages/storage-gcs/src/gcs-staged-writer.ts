import { PartWriter, type StagedUpload, type StagedWriter } from '@sinkkit/core';
import { encodeHandle } from './staging.js';

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
 * Memory and backpressure are {@link PartWriter}'s: at most one chunk being filled plus one chunk
 * in flight (≤ 2 × `chunkSize`). Each part's body is a Buffer, so a failed part is retried on its
 * own without losing the file. A part that fails for good fails the next `write` or `close`; then
 * only `abort` is useful.
 */
export class GcsStagedWriter implements StagedWriter {
  readonly key: string;
  readonly #parts: PartWriter;
  #aborting: Promise<void> | undefined;

  constructor(private readonly init: GcsStagedWriterInit) {
    this.key = init.key;
    this.#parts = new PartWriter({
      key: init.key,
      partSize: init.chunkSize,
      uploadPart: (body, partNumber) => init.uploadPart(partNumber - 1, body),
      // A 0-byte file still gets one (empty) part: finalize then copies it like any other file, and
      // "the temporary objects are gone" keeps meaning "aborted or finalized".
      emptyPart: true,
    });
  }

  get bytesWritten(): number {
    return this.#parts.bytesWritten;
  }

  /** Bytes held in memory right now: the chunk being filled plus the chunk being uploaded. */
  get bufferedBytes(): number {
    return this.#parts.bufferedBytes;
  }

  /** The upload id (names the folder of the temporary objects). */
  get uploadId(): string {
    return this.init.uploadId;
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#parts.write(chunk);
  }

  async close(): Promise<StagedUpload> {
    const size = await this.#parts.finish();
    return {
      key: this.key,
      handle: encodeHandle({ uploadId: this.init.uploadId, parts: this.#parts.partCount }),
      size,
    };
  }

  abort(): Promise<void> {
    // The part writer lets a part in flight land first, or it could appear after the clean-up.
    this.#aborting ??= this.#parts.abort().then(() => this.init.abortUpload());
    return this.#aborting;
  }
}
