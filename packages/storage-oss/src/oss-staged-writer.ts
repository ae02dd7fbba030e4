import { type StagedUpload, type StagedWriter, StorageError, StorageErrorCode } from '@sinkkit/core';
import type { OssClient } from './oss-client.js';
import type { RetryingCaller } from './retrying-caller.js';
import { encodeHandle, type UploadedPart } from './staged-handle.js';

/** OSS allows at most 10 000 parts per multipart upload. */
export const MAX_PARTS = 10_000;

// Small files are the common case (many open files, each a few KB): start small and grow to a
// whole part only when the data is there, so memory follows what was written, not `partSize`.
const INITIAL_CAPACITY = 64 * 1024;

/** What the writer needs to know about its upload. */
export interface OssStagedWriterInit {
  readonly client: OssClient;
  readonly caller: RetryingCaller;
  /** The key relative to the storage's prefix (what `StagedUpload.key` holds). */
  readonly key: string;
  /** The full OSS object name. */
  readonly objectName: string;
  readonly uploadId: string;
  readonly partSize: number;
  /** Aborts the multipart upload, tolerating one that is already gone. */
  readonly abortUpload: () => Promise<void>;
}

/**
 * Streams bytes into an OSS multipart upload and leaves it staged (not completed).
 *
 * Not ali-oss's `multipartUpload`: that completes the upload when its input ends, and the commit
 * protocol needs it left open until the WAL entry that names it is written; finalizing is a
 * separate step (`OssStorage.finalize`).
 *
 * Memory: at most one part being filled plus one part in flight (≤ 2 × `partSize`). A write that
 * fills a part waits for the previous part's upload, which is the backpressure. A part that fails
 * (after retries) fails the next `write` or `close`; then only `abort` is useful.
 */
export class OssStagedWriter implements StagedWriter {
  readonly key: string;
  #bytesWritten = 0;
  #buffer: Buffer | undefined;
  #filled = 0;
  /** The last in-flight part's buffer, reused for the next part instead of allocating. */
  #spare: Buffer | undefined;
  #inFlight: Promise<void> | undefined;
  #inFlightBytes = 0;
  #failure: unknown;
  #nextPartNumber = 1;
  readonly #parts: UploadedPart[] = [];
  #state: 'open' | 'closed' | 'aborted' = 'open';
  #aborting: Promise<void> | undefined;

  constructor(private readonly init: OssStagedWriterInit) {
    this.key = init.key;
  }

  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Bytes held in memory right now: the part being filled plus the part being uploaded. */
  get bufferedBytes(): number {
    return this.#filled + this.#inFlightBytes;
  }

  /** The multipart upload id. */
  get uploadId(): string {
    return this.init.uploadId;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#assertOpen('write');
    this.#throwIfFailed();
    const { partSize } = this.init;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, partSize - this.#filled);
      const buffer = this.#reserve(this.#filled + n);
      buffer.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      this.#bytesWritten += n;
      offset += n;
      if (this.#filled === partSize) await this.#sendPart();
    }
  }

  async close(): Promise<StagedUpload> {
    this.#assertOpen('close');
    // A 0-byte file still needs one part: CompleteMultipartUpload needs a part list, and the last
    // part has no minimum size.
    if (this.#filled > 0 || this.#nextPartNumber === 1) await this.#sendPart();
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
      // Let a part in flight land first, or it could recreate parts after the abort.
      await this.#inFlight?.catch(() => {});
      await this.init.abortUpload();
    })();
    return this.#aborting;
  }

  /** Starts uploading the filled buffer as the next part, after the previous part has landed. */
  async #sendPart(): Promise<void> {
    await this.#settle();
    const partNumber = this.#nextPartNumber;
    if (partNumber > MAX_PARTS) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        `more than ${MAX_PARTS} parts of ${this.init.partSize} bytes: raise oss.part.size for files this large`,
        { operation: 'write', key: this.key },
      );
    }
    this.#nextPartNumber += 1;
    const buffer = this.#buffer ?? Buffer.alloc(0);
    const length = this.#filled;
    this.#inFlightBytes = length;
    this.#buffer = undefined;
    this.#filled = 0;
    const { client, caller, objectName, uploadId } = this.init;
    // ali-oss streams the [0, length) slice of the buffer; each attempt makes a fresh stream.
    this.#inFlight = caller
      .run(
        'uploadPart',
        this.key,
        async () => {
          const out = await client.uploadPart(objectName, uploadId, partNumber, buffer, 0, length);
          if (!out.etag) throw new Error(`UploadPart ${partNumber} answered without an ETag`);
          return out.etag;
        },
        { streamed: true },
      )
      .then(
        (etag) => {
          this.#parts.push({ number: partNumber, etag });
          if (buffer.length === this.init.partSize) this.#spare = buffer;
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

  /** The fill buffer, grown (doubling, up to `partSize`) to hold at least `size` bytes. */
  #reserve(size: number): Buffer {
    const current = this.#buffer;
    if (current && current.length >= size) return current;
    const { partSize } = this.init;
    let next: Buffer;
    if (this.#spare && this.#spare.length >= size) {
      next = this.#spare;
      this.#spare = undefined;
    } else if (this.#nextPartNumber > 1) {
      // The file already spans parts: it is large, so take a whole part at once, not by doubling.
      next = Buffer.allocUnsafe(partSize);
    } else {
      let capacity = Math.max(current?.length ?? 0, INITIAL_CAPACITY);
      while (capacity < size) capacity *= 2;
      next = Buffer.allocUnsafe(Math.min(capacity, partSize));
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
