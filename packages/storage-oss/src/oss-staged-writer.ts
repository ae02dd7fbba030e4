import { PartWriter, type StagedUpload, type StagedWriter } from '@sinkkit/core';
import type { OssClient } from './oss-client.js';
import type { RetryingCaller } from './retrying-caller.js';
import { encodeHandle, type UploadedPart } from './staged-handle.js';

/** OSS allows at most 10 000 parts per multipart upload. */
export const MAX_PARTS = 10_000;

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
 * Memory and backpressure are {@link PartWriter}'s: at most one part being filled plus one part
 * in flight (≤ 2 × `partSize`). A part that fails (after retries) fails the next `write` or
 * `close`; then only `abort` is useful.
 */
export class OssStagedWriter implements StagedWriter {
  readonly key: string;
  readonly #parts: PartWriter;
  readonly #uploaded: UploadedPart[] = [];
  #aborting: Promise<void> | undefined;

  constructor(private readonly init: OssStagedWriterInit) {
    this.key = init.key;
    this.#parts = new PartWriter({
      key: init.key,
      partSize: init.partSize,
      uploadPart: (body, partNumber) => this.#uploadPart(body, partNumber),
      limit: {
        parts: MAX_PARTS,
        message: `more than ${MAX_PARTS} parts of ${init.partSize} bytes: raise oss.part.size for files this large`,
      },
      // A 0-byte file still needs one part: CompleteMultipartUpload needs a part list, and the last
      // part has no minimum size.
      emptyPart: true,
    });
  }

  get bytesWritten(): number {
    return this.#parts.bytesWritten;
  }

  /** Bytes held in memory right now: the part being filled plus the part being uploaded. */
  get bufferedBytes(): number {
    return this.#parts.bufferedBytes;
  }

  /** The multipart upload id. */
  get uploadId(): string {
    return this.init.uploadId;
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#parts.write(chunk);
  }

  async close(): Promise<StagedUpload> {
    const size = await this.#parts.finish();
    return { key: this.key, handle: encodeHandle({ uploadId: this.init.uploadId, parts: this.#uploaded }), size };
  }

  abort(): Promise<void> {
    this.#aborting ??= this.#parts.abort().then(() => this.init.abortUpload());
    return this.#aborting;
  }

  async #uploadPart(body: Buffer, partNumber: number): Promise<void> {
    const { client, caller, objectName, uploadId } = this.init;
    // ali-oss streams the [0, length) slice of the buffer; each attempt makes a fresh stream.
    const etag = await caller.run(
      'uploadPart',
      this.key,
      async () => {
        const out = await client.uploadPart(objectName, uploadId, partNumber, body, 0, body.length);
        if (!out.etag) throw new Error(`UploadPart ${partNumber} answered without an ETag`);
        return out.etag;
      },
      { streamed: true },
    );
    this.#uploaded.push({ number: partNumber, etag });
  }
}
