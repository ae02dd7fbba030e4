import { PartWriter, type StagedUpload, type StagedWriter } from '@sinkkit/core';
import { blockId, encodeHandle, MAX_BLOCKS } from './staged-handle.js';

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
 * Memory and backpressure are {@link PartWriter}'s: at most one block being filled plus one block
 * in flight (≤ 2 × `blockSize`). A block that fails (after retries) fails the next `write` or
 * `close`; then only `abort` is useful.
 */
export class AzureStagedWriter implements StagedWriter {
  readonly key: string;
  readonly #blocks: PartWriter;
  readonly #blockIds: string[] = [];
  #aborting: Promise<void> | undefined;

  constructor(private readonly init: AzureStagedWriterInit) {
    this.key = init.key;
    this.#blocks = new PartWriter({
      key: init.key,
      partSize: init.blockSize,
      uploadPart: (body, partNumber) => {
        const id = blockId(init.uploadId, partNumber - 1);
        // Reserve the id's place now: ids are committed in order, and a failed block fails the upload.
        this.#blockIds.push(id);
        return init.stageBlock(id, body);
      },
      limit: {
        parts: MAX_BLOCKS,
        message: `more than ${MAX_BLOCKS} blocks of ${init.blockSize} bytes: raise the block size for files this large`,
      },
      // A 0-byte upload stages no block: its commit is an empty block list.
      emptyPart: false,
    });
  }

  get bytesWritten(): number {
    return this.#blocks.bytesWritten;
  }

  /** Bytes held in memory right now: the block being filled plus the block being staged. */
  get bufferedBytes(): number {
    return this.#blocks.bufferedBytes;
  }

  /** The upload id every block id of this upload starts with. */
  get uploadId(): string {
    return this.init.uploadId;
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#blocks.write(chunk);
  }

  /** Stages what is buffered. A 0-byte upload stages no block: its commit is an empty block list. */
  async close(): Promise<StagedUpload> {
    const size = await this.#blocks.finish();
    return { key: this.key, handle: encodeHandle({ uploadId: this.init.uploadId, blockIds: this.#blockIds }), size };
  }

  abort(): Promise<void> {
    // The part writer lets a block in flight land first, or it could be staged after the discard.
    this.#aborting ??= this.#blocks.abort().then(() => this.init.abortUpload());
    return this.#aborting;
  }
}
