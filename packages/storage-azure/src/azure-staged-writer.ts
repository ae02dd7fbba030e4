import { type StagedUpload, type StagedWriter, StorageError, StorageErrorCode } from '@sinkkit/core';
import { blockId, encodeHandle, MAX_BLOCKS } from './staged-handle.js';

// Small files are the common case (many open files, each a few KB): start small and grow to a
// whole block only when the data is there, so memory follows what was written, not `blockSize`.
const INITIAL_CAPACITY = 64 * 1024;

/** What the writer needs to know about its upload. */
export interface AzureStagedWriterInit {
  /** The key relative to the storage's prefix (what `StagedUpload.key` holds). */
  readonly key: string;
  readonly uploadId: string;
  readonly blockSize: number;
  /** Stages one block (Put Block), retried and classified by the storage. */
  readonly stageBlock: (id: string, body: Buffer) => Promise<void>;
  /** Discards the upload's staged blocks (the storage's `abortStaged`). */
  readonly abortUpload: () => Promise<void>;
}

/**
 * Streams bytes into uncommitted blocks of the key's block blob (Put Block) and leaves them
 * uncommitted: nothing is visible until `AzureBlobStorage.finalize` commits the block list.
 *
 * Memory: at most one block being filled plus one block in flight (≤ 2 × `blockSize`). A write
 * that fills a block waits for the previous block's upload, which is the backpressure. A block
 * that fails (after retries) fails the next `write` or `close`; then only `abort` is useful.
 */
export class AzureStagedWriter implements StagedWriter {
  readonly key: string;
  #bytesWritten = 0;
  #buffer: Buffer | undefined;
  #filled = 0;
  /** The last in-flight block's buffer, reused for the next block instead of allocating. */
  #spare: Buffer | undefined;
  #inFlight: Promise<void> | undefined;
  #inFlightBytes = 0;
  #failure: unknown;
  readonly #blockIds: string[] = [];
  #state: 'open' | 'closed' | 'aborted' = 'open';
  #aborting: Promise<void> | undefined;

  constructor(private readonly init: AzureStagedWriterInit) {
    this.key = init.key;
  }

  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Bytes held in memory right now: the block being filled plus the block being staged. */
  get bufferedBytes(): number {
    return this.#filled + this.#inFlightBytes;
  }

  /** The upload id every block id of this upload starts with. */
  get uploadId(): string {
    return this.init.uploadId;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#assertOpen('write');
    this.#throwIfFailed();
    const { blockSize } = this.init;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, blockSize - this.#filled);
      const buffer = this.#reserve(this.#filled + n);
      buffer.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      this.#bytesWritten += n;
      offset += n;
      if (this.#filled === blockSize) await this.#sendBlock();
    }
  }

  /** Stages what is buffered. A 0-byte upload stages no block: its commit is an empty block list. */
  async close(): Promise<StagedUpload> {
    this.#assertOpen('close');
    if (this.#filled > 0) await this.#sendBlock();
    await this.#settle();
    this.#state = 'closed';
    this.#buffer = undefined;
    this.#spare = undefined;
    return {
      key: this.key,
      handle: encodeHandle({ uploadId: this.init.uploadId, blockIds: this.#blockIds }),
      size: this.#bytesWritten,
    };
  }

  abort(): Promise<void> {
    this.#aborting ??= (async () => {
      this.#state = 'aborted';
      this.#buffer = undefined;
      this.#spare = undefined;
      this.#filled = 0;
      // Let a block in flight land first, or it could be staged after the discard.
      await this.#inFlight?.catch(() => {});
      await this.init.abortUpload();
    })();
    return this.#aborting;
  }

  /** Starts staging the filled buffer as the next block, after the previous block has landed. */
  async #sendBlock(): Promise<void> {
    await this.#settle();
    const sequence = this.#blockIds.length;
    if (sequence >= MAX_BLOCKS) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        `more than ${MAX_BLOCKS} blocks of ${this.init.blockSize} bytes: raise the block size for files this large`,
        { operation: 'write', key: this.key },
      );
    }
    const id = blockId(this.init.uploadId, sequence);
    const buffer = this.#buffer ?? Buffer.alloc(0);
    const body = buffer.subarray(0, this.#filled);
    this.#inFlightBytes = this.#filled;
    this.#buffer = undefined;
    this.#filled = 0;
    // Reserve the id's place now: ids are committed in order, and a failed block fails the upload.
    this.#blockIds.push(id);
    this.#inFlight = this.init
      .stageBlock(id, body)
      .then(
        () => {
          if (buffer.length === this.init.blockSize) this.#spare = buffer;
        },
        (error: unknown) => {
          this.#failure = error;
        },
      )
      .finally(() => {
        this.#inFlightBytes = 0;
      });
  }

  /** Waits for the block in flight and rethrows its failure. */
  async #settle(): Promise<void> {
    await this.#inFlight;
    this.#inFlight = undefined;
    this.#throwIfFailed();
  }

  /** The fill buffer, grown (doubling, up to `blockSize`) to hold at least `size` bytes. */
  #reserve(size: number): Buffer {
    const current = this.#buffer;
    if (current && current.length >= size) return current;
    const { blockSize } = this.init;
    let next: Buffer;
    if (this.#spare && this.#spare.length >= size) {
      next = this.#spare;
      this.#spare = undefined;
    } else if (this.#blockIds.length > 0) {
      // The file already spans blocks: it is large, so take a whole block at once, not by doubling.
      next = Buffer.allocUnsafe(blockSize);
    } else {
      let capacity = Math.max(current?.length ?? 0, Math.min(INITIAL_CAPACITY, blockSize));
      while (capacity < size) capacity *= 2;
      next = Buffer.allocUnsafe(Math.min(capacity, blockSize));
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
