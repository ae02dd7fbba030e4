import { type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { PartWriter, type StagedUpload, type StagedWriter } from '@sinkkit/core';
import type { RetryingCaller } from './retrying-caller.js';
import { encodeHandle, type UploadedPart } from './staged-handle.js';

/** S3 allows at most 10 000 parts per multipart upload. */
export const MAX_PARTS = 10_000;

/** What the writer needs to know about its upload. */
export interface S3StagedWriterInit {
  readonly client: S3Client;
  readonly caller: RetryingCaller;
  readonly bucket: string;
  /** The key relative to the storage's prefix (what `StagedUpload.key` holds). */
  readonly key: string;
  /** The full S3 object key. */
  readonly s3Key: string;
  /** The multipart upload being created: parts, `close` and abort wait for it. */
  readonly uploadId: Promise<string>;
  readonly partSize: number;
  /** Aborts the multipart upload, tolerating one that is already gone. */
  readonly abortUpload: () => Promise<void>;
}

/**
 * Streams bytes into an S3 multipart upload and leaves it staged (not completed).
 *
 * Hand-written rather than built on `@aws-sdk/lib-storage`'s `Upload`: `Upload` always completes
 * the multipart upload when its input ends, and the commit protocol needs it left open until the
 * WAL entry that names it is written; finalizing is a separate step (`S3Storage.finalize`).
 *
 * Memory and backpressure are {@link PartWriter}'s: at most one part being filled plus one part
 * in flight (≤ 2 × `partSize`). A part that fails (after retries) fails the next `write` or
 * `close`; then only `abort` is useful.
 */
export class S3StagedWriter implements StagedWriter {
  readonly key: string;
  readonly #parts: PartWriter;
  readonly #uploaded: UploadedPart[] = [];
  #aborting: Promise<void> | undefined;
  #uploadId: string | undefined;

  constructor(private readonly init: S3StagedWriterInit) {
    this.key = init.key;
    // Handled here so that a failed creation is never an unhandled rejection; it still fails the
    // first part (and so a later write or close) through `init.uploadId`.
    init.uploadId.then(
      (id) => {
        this.#uploadId = id;
      },
      () => {},
    );
    this.#parts = new PartWriter({
      key: init.key,
      partSize: init.partSize,
      uploadPart: (body, partNumber) => this.#uploadPart(body, partNumber),
      limit: {
        parts: MAX_PARTS,
        message: `more than ${MAX_PARTS} parts of ${init.partSize} bytes: raise s3.part.size for files this large`,
      },
      // A 0-byte file still needs one part: CompleteMultipartUpload refuses an empty part list, and
      // an empty last part is allowed (only parts before the last have a 5 MiB minimum).
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

  /** The multipart upload id; `undefined` while CreateMultipartUpload is under way (or failed). */
  get uploadId(): string | undefined {
    return this.#uploadId;
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#parts.write(chunk);
  }

  async close(): Promise<StagedUpload> {
    const size = await this.#parts.finish();
    const uploadId = await this.init.uploadId;
    return { key: this.key, handle: encodeHandle({ uploadId, parts: this.#uploaded }), size };
  }

  abort(): Promise<void> {
    this.#aborting ??= this.#parts.abort().then(() => this.init.abortUpload());
    return this.#aborting;
  }

  async #uploadPart(body: Buffer, partNumber: number): Promise<void> {
    const { client, caller, bucket, s3Key } = this.init;
    const uploadId = await this.init.uploadId;
    // The body is a Buffer, so the SDK and the retry below can replay it.
    const etag = await caller.run('uploadPart', this.key, async (_, abortSignal) => {
      const out = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: s3Key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
        }),
        { abortSignal },
      );
      if (!out.ETag) throw new Error(`UploadPart ${partNumber} answered without an ETag`);
      return out.ETag;
    });
    this.#uploaded.push({ PartNumber: partNumber, ETag: etag });
  }
}
