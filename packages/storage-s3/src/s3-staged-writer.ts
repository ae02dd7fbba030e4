import { type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { PartWriter, type StagedUpload, type StagedWriter } from '@sinkkit/core';
import type { RetryingCaller } from './retrying-caller.js';
import { encodeHandle, encodeInlineHandle, type UploadedPart } from './staged-handle.js';

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
  /** Sends CreateMultipartUpload; called once, when the writer first needs the upload. */
  readonly createUpload: () => Promise<string>;
  readonly partSize: number;
  /** Aborts the multipart upload, tolerating one that is already gone. */
  readonly abortUpload: (uploadId: string) => Promise<void>;
  /** Inline staging of small files (see `S3StorageOptions.inlineMaxBytes`); absent when off. */
  readonly inline?: InlineStaging;
}

/** How a writer may keep a small file in its handle instead of a multipart upload. */
export interface InlineStaging {
  /** Largest file kept inline. */
  readonly maxBytes: number;
  /** Whether `bytes` more may be held inline now (the storage's budget); reserves them if so. */
  reserve(key: string, bytes: number): boolean;
  /** Gives a reservation back (the file was aborted). */
  release(key: string): void;
}

/**
 * Streams bytes into an S3 multipart upload and leaves it staged (not completed).
 *
 * Hand-written rather than built on `@aws-sdk/lib-storage`'s `Upload`: `Upload` always completes
 * the multipart upload when its input ends, and the commit protocol needs it left open until the
 * WAL entry that names it is written; finalizing is a separate step (`S3Storage.finalize`).
 *
 * With inline staging (`init.inline`), a file that closes within `inline.maxBytes` sends nothing:
 * its bytes become the handle. The multipart upload is created only once the file grows past that.
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
  #creating: Promise<string> | undefined;
  #closing = false;
  #inline: Buffer | undefined;

  constructor(private readonly init: S3StagedWriterInit) {
    this.key = init.key;
    // Without inline staging every file needs the upload: create it at once, in the background.
    if (!init.inline) void this.#upload().catch(() => {});
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

  /**
   * The multipart upload id; `undefined` while CreateMultipartUpload is under way (or failed), and
   * for a file staged inline.
   */
  get uploadId(): string | undefined {
    return this.#uploadId;
  }

  async write(chunk: Uint8Array): Promise<void> {
    await this.#parts.write(chunk);
    // Past the inline limit the file will need its upload: create it now, in the background,
    // so that the first part or close does not wait a round trip for it.
    const inline = this.init.inline;
    if (inline && this.#creating === undefined && this.#parts.bytesWritten > inline.maxBytes) {
      void this.#upload().catch(() => {});
    }
  }

  async close(): Promise<StagedUpload> {
    this.#closing = true;
    const size = await this.#parts.finish();
    if (this.#inline) return { key: this.key, handle: encodeInlineHandle(this.#inline), size };
    const uploadId = await this.#upload();
    return { key: this.key, handle: encodeHandle({ uploadId, parts: this.#uploaded }), size };
  }

  abort(): Promise<void> {
    this.#aborting ??= this.#parts.abort().then(async () => {
      if (this.#inline) this.init.inline?.release(this.key);
      this.#inline = undefined;
      // Nothing to abort when the upload was never created (or creating it failed).
      const id = await this.#creating?.catch(() => undefined);
      if (id !== undefined) await this.init.abortUpload(id);
    });
    return this.#aborting;
  }

  /** The multipart upload id, creating the upload on first use. */
  #upload(): Promise<string> {
    this.#creating ??= this.init.createUpload().then((id) => {
      this.#uploadId = id;
      return id;
    });
    return this.#creating;
  }

  async #uploadPart(body: Buffer, partNumber: number): Promise<void> {
    // The only part, sent by close: small enough to travel in the handle (and so in the WAL
    // entry) instead, if the storage's budget allows.
    const inline = this.init.inline;
    if (inline && this.#closing && partNumber === 1 && body.length <= inline.maxBytes) {
      if (inline.reserve(this.key, body.length)) {
        this.#inline = Buffer.from(body); // a copy: the part writer reuses `body`
        return;
      }
    }
    const { client, caller, bucket, s3Key } = this.init;
    const uploadId = await this.#upload();
    // The body is a Buffer, so the SDK and the retry below can replay it.
    const etag = await caller.run('uploadPart', this.key, async () => {
      const out = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: s3Key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
        }),
      );
      if (!out.ETag) throw new Error(`UploadPart ${partNumber} answered without an ETag`);
      return out.ETag;
    });
    this.#uploaded.push({ PartNumber: partNumber, ETag: etag });
  }
}
