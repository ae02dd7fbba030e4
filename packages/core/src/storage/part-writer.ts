import { StorageError, StorageErrorCode } from './storage-error.js';

// Small files are the common case (many open files, each a few KB): start small and grow to a
// whole part only when the data is there, so memory follows what was written, not `partSize`.
const INITIAL_CAPACITY = 64 * 1024;

/** What a {@link PartWriter} needs: the part size and how to upload one part. */
export interface PartWriterOptions {
  /** The final key, named in errors. */
  readonly key: string;
  /** Bytes per part: every part but the last is exactly this long. */
  readonly partSize: number;
  /**
   * Uploads one part. Parts are numbered 1, 2, 3, … and called one at a time: part `n + 1` is
   * started only after part `n`'s promise has resolved. `bytes` must not be kept once the promise
   * settles (its memory is reused). A rejection fails the writer: the next `write` or `finish`
   * throws it.
   */
  readonly uploadPart: (bytes: Buffer, partNumber: number) => Promise<void>;
  /** When set, starting part `limit.parts + 1` throws an `INVALID_REQUEST` with `limit.message`. */
  readonly limit?: { readonly parts: number; readonly message: string };
  /** Whether `finish` uploads one empty part when nothing was written. Default `false`. */
  readonly emptyPart?: boolean;
}

/**
 * Cuts a byte stream into parts of `partSize` and uploads each while the next one fills, for
 * staged writers whose store takes an upload in parts (multipart upload, blocks, part objects).
 *
 * Memory: at most one part being filled plus one part in flight (≤ 2 × `partSize`); a small file
 * holds only what was written. A `write` that fills a part waits for the previous part's upload,
 * which is the backpressure. After `finish` or `abort`, `write` and `finish` throw.
 */
export class PartWriter {
  readonly #options: PartWriterOptions;
  #bytesWritten = 0;
  #buffer: Buffer | undefined;
  #filled = 0;
  /** The last in-flight part's buffer, reused for the next part instead of allocating. */
  #spare: Buffer | undefined;
  #inFlight: Promise<void> | undefined;
  #inFlightBytes = 0;
  #failure: unknown;
  #partsStarted = 0;
  #state: 'open' | 'closed' | 'aborted' = 'open';
  #aborting: Promise<void> | undefined;

  constructor(options: PartWriterOptions) {
    this.#options = options;
  }

  /** Bytes accepted so far. */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Bytes held in memory right now: the part being filled plus the part being uploaded. */
  get bufferedBytes(): number {
    return this.#filled + this.#inFlightBytes;
  }

  /** Parts started so far (landed or in flight). */
  get partCount(): number {
    return this.#partsStarted;
  }

  /** Copies `chunk` in (the caller may reuse it once this resolves), uploading each full part. */
  async write(chunk: Uint8Array): Promise<void> {
    this.#assertOpen('write');
    this.#throwIfFailed();
    const { partSize } = this.#options;
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

  /**
   * Uploads the last part and waits until every part has landed; returns the bytes written. If a
   * part failed, throws its error and stays open, so only `abort` is useful afterwards.
   */
  async finish(): Promise<number> {
    this.#assertOpen('close');
    if (this.#filled > 0 || (this.#options.emptyPart === true && this.#partsStarted === 0)) {
      await this.#sendPart();
    }
    await this.#settle();
    this.#state = 'closed';
    this.#buffer = undefined;
    this.#spare = undefined;
    return this.#bytesWritten;
  }

  /** Drops what is buffered and waits for a part in flight to land. Idempotent; never throws. */
  abort(): Promise<void> {
    this.#aborting ??= (async () => {
      this.#state = 'aborted';
      this.#buffer = undefined;
      this.#spare = undefined;
      this.#filled = 0;
      // Let a part in flight land first, or it could reappear after the caller's clean-up.
      await this.#inFlight?.catch(() => {});
    })();
    return this.#aborting;
  }

  /** Starts uploading the filled buffer as the next part, after the previous part has landed. */
  async #sendPart(): Promise<void> {
    await this.#settle();
    const { limit, partSize, uploadPart } = this.#options;
    const partNumber = this.#partsStarted + 1;
    if (limit !== undefined && partNumber > limit.parts) {
      throw new StorageError(StorageErrorCode.INVALID_REQUEST, limit.message, {
        operation: 'write',
        key: this.#options.key,
      });
    }
    this.#partsStarted = partNumber;
    const buffer = this.#buffer ?? Buffer.alloc(0);
    const body = buffer.subarray(0, this.#filled);
    this.#inFlightBytes = this.#filled;
    this.#buffer = undefined;
    this.#filled = 0;
    this.#inFlight = (async () => uploadPart(body, partNumber))()
      .then(
        () => {
          if (buffer.length === partSize) this.#spare = buffer;
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
    const { partSize } = this.#options;
    let next: Buffer;
    if (this.#spare && this.#spare.length >= size) {
      next = this.#spare;
      this.#spare = undefined;
    } else if (this.#partsStarted > 0) {
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
        key: this.#options.key,
      });
    }
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
