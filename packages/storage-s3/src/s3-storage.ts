import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type ObjectCannedACL,
  PutObjectCommand,
  type S3Client,
  type ServerSideEncryption,
  type StorageClass,
} from '@aws-sdk/client-s3';
import {
  hasUploadSize,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type StagedUpload,
  type Storage,
  type StorageCapabilities,
  StorageError,
  StorageErrorCode,
  settleFinalize,
} from '@sinkkit/core';
import { RetryingCaller } from './retrying-caller.js';
import { isConditionConflict, isNoSuchUpload, isNotFound, sdkRetried, statusOf } from './s3-errors.js';
import { S3StagedWriter } from './s3-staged-writer.js';
import { type ResolvedS3StorageOptions, resolveS3StorageOptions, type S3StorageOptions } from './s3-storage-options.js';
import { decodeHandle, encodeHandle } from './staged-handle.js';

/** The headers every new object gets: encryption, ACL and storage class, when configured. */
interface WriteParams {
  ServerSideEncryption?: ServerSideEncryption;
  SSEKMSKeyId?: string;
  ACL?: ObjectCannedACL;
  StorageClass?: StorageClass;
}

/**
 * sinkkit's {@link Storage} on Amazon S3 and S3-compatible servers, over the caller's `S3Client`.
 *
 * - Staged uploads are multipart uploads left uncompleted; `finalize` completes them with
 *   `If-None-Match: *` (when `conditionalCreate`), so a finished object is never replaced.
 * - `putIfAbsent` is a PutObject with `If-None-Match: *`.
 * - Every operation classifies failures with {@link classifyError} and retries the retriable
 *   ones (see `S3RetryOptions` for how this layers with the SDK's own retries).
 *
 * Keys are relative to `prefix`; listings strip it again.
 */
export class S3Storage implements Storage {
  readonly capabilities: StorageCapabilities;
  readonly #options: ResolvedS3StorageOptions;
  readonly #client: S3Client;
  readonly #caller: RetryingCaller;
  readonly #writeParams: WriteParams;

  /** @throws ConfigError naming the key, the value and the reason of every invalid option. */
  constructor(options: S3StorageOptions) {
    this.#options = resolveS3StorageOptions(options);
    this.#client = this.#options.client;
    this.#caller = new RetryingCaller(this.#client, this.#options);
    this.capabilities = Object.freeze({
      conditionalCreate: this.#options.conditionalCreate,
      listStaged: this.#options.listStaged,
    });
    const { sse, acl, storageClass } = this.#options;
    this.#writeParams = {
      ...(sse ? { ServerSideEncryption: sse.type } : {}),
      ...(sse?.type === 'aws:kms' && sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {}),
      ...(acl ? { ACL: acl as ObjectCannedACL } : {}),
      ...(storageClass ? { StorageClass: storageClass as StorageClass } : {}),
    };
  }

  /** The bucket written to. */
  get bucket(): string {
    return this.#options.bucket;
  }

  /** The key prefix (empty, or ending in `/`). */
  get prefix(): string {
    return this.#options.prefix;
  }

  /** The multipart part size in bytes. */
  get partSize(): number {
    return this.#options.partSize;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const Key = this.#s3Key(key);
    const put = (conditional: boolean, abortSignal: AbortSignal) =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: body,
          ContentLength: body.length,
          ...(conditional ? { IfNoneMatch: '*' } : {}),
          ...this.#writeParams,
        }),
        { abortSignal },
      );
    if (!this.#options.conditionalCreate) {
      // Best effort for servers that ignore If-None-Match: right for one writer, racy for two.
      if (await this.head(key)) return 'exists';
      await this.#caller.run('putIfAbsent', key, (_, signal) => put(false, signal));
      return 'created';
    }
    const outcome = await this.#caller.run('putIfAbsent', key, async (attempt, signal) => {
      try {
        await put(true, signal);
        return 'created' as const;
      } catch (error) {
        if (!isConditionConflict(error)) throw error;
        // After a failed attempt (ours or the SDK's) the write may have landed with its answer
        // lost: then the 412 is about our own object.
        return attempt > 1 || sdkRetried(error) ? ('ambiguous' as const) : ('exists' as const);
      }
    });
    if (outcome !== 'ambiguous') return outcome;
    const existing = await this.get(key);
    return existing !== undefined && Buffer.from(existing).equals(body) ? 'created' : 'exists';
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.#caller.run('get', key, async (_, abortSignal) => {
      try {
        const out = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.#s3Key(key) }), {
          abortSignal,
        });
        // Reading the body is inside the retry: a connection cut mid-body is retried like any reset.
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#caller.run('head', key, (_, signal) => this.#headOnce(key, signal));
  }

  list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    return this.#caller.run('list', prefix, async (_, abortSignal) => {
      const out = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.#s3Key(prefix),
          ...(options.pageToken ? { ContinuationToken: options.pageToken } : {}),
          ...(options.pageSize ? { MaxKeys: options.pageSize } : {}),
        }),
        { abortSignal },
      );
      const objects = (out.Contents ?? []).map(
        (o): ObjectInfo => ({
          key: (o.Key ?? '').slice(this.prefix.length),
          size: o.Size ?? 0,
          ...(o.LastModified ? { lastModified: o.LastModified } : {}),
        }),
      );
      return out.IsTruncated && out.NextContinuationToken
        ? { objects, nextPageToken: out.NextContinuationToken }
        : { objects };
    });
  }

  async delete(key: string): Promise<void> {
    await this.#caller.run('delete', key, async (_, abortSignal) => {
      try {
        await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.#s3Key(key) }), {
          abortSignal,
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  /**
   * Creates the multipart upload (with the configured encryption, ACL and storage class) and
   * returns a writer that uploads parts as they fill. A retried create whose first answer was
   * lost leaves an empty orphan upload behind; `listStaged` finds it and a bucket lifecycle rule
   * (AbortIncompleteMultipartUpload) should be set anyway.
   */
  /**
   * Resolves at once: CreateMultipartUpload goes out in the background, so a sink opening a file
   * does not wait a round trip before it can buffer the file's first bytes. A failure to create
   * the upload fails the writer's first part, i.e. a later `write` or its `close`.
   */
  async openStaged(key: string): Promise<S3StagedWriter> {
    const Key = this.#s3Key(key);
    const uploadId = this.#caller.run('openStaged', key, async (_, abortSignal) => {
      const out = await this.#client.send(
        new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ...this.#writeParams }),
        { abortSignal },
      );
      if (!out.UploadId) throw new Error('CreateMultipartUpload answered without an UploadId');
      return out.UploadId;
    });
    // Nothing to abort when the upload was never created.
    const abortUpload = () =>
      uploadId.then(
        (id) => this.abortStaged({ key, handle: encodeHandle({ uploadId: id, parts: [] }), size: -1 }),
        () => {},
      );
    return new S3StagedWriter({
      client: this.#client,
      caller: this.#caller,
      bucket: this.bucket,
      key,
      s3Key: Key,
      uploadId,
      partSize: this.partSize,
      abortUpload,
    });
  }

  async finalize(upload: StagedUpload): Promise<void> {
    const { key } = upload;
    const handle = decodeHandle(upload.handle, 'finalize', key);
    if (handle.parts.length === 0) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        'the staged handle lists no parts (handles from listStaged can only be aborted)',
        { operation: 'finalize', key },
      );
    }
    const sameSize = (object: ObjectInfo | undefined) => hasUploadSize(object, upload);
    const outcome = await this.#caller.run('finalize', key, async (_, abortSignal) => {
      try {
        await this.#client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: this.#s3Key(key),
            UploadId: handle.uploadId,
            MultipartUpload: { Parts: [...handle.parts] },
            ...(this.#options.conditionalCreate ? { IfNoneMatch: '*' } : {}),
          }),
          { abortSignal },
        );
        return 'completed' as const;
      } catch (error) {
        if (isConditionConflict(error)) return 'key taken' as const;
        if (isNoSuchUpload(error)) return 'upload gone' as const;
        // An earlier attempt (ours or the SDK's) may have completed it with the answer lost. S3
        // then says NoSuchUpload, but some servers answer 500 to completing a finished upload
        // (s3rver), which every retry would repeat: the object itself tells.
        if (sameSize(await this.#headOnce(key, abortSignal).catch(() => undefined))) return 'key taken' as const;
        throw error;
      }
    });
    await settleFinalize(outcome, upload, `multipart upload ${handle.uploadId}`, this);
  }

  /**
   * Aborts the multipart upload. NoSuchUpload (already completed, aborted or expired) counts as
   * done, and so does 405: s3rver does not implement AbortMultipartUpload and answers
   * MethodNotAllowed, leaving the parts on its disk (harmless for tests, never the case on S3).
   */
  async abortStaged(upload: StagedUpload): Promise<void> {
    const handle = decodeHandle(upload.handle, 'abortStaged', upload.key);
    await this.#caller.run('abortStaged', upload.key, async (_, abortSignal) => {
      try {
        await this.#client.send(
          new AbortMultipartUploadCommand({
            Bucket: this.bucket,
            Key: this.#s3Key(upload.key),
            UploadId: handle.uploadId,
          }),
          { abortSignal },
        );
      } catch (error) {
        if (!isNoSuchUpload(error) && statusOf(error) !== 404 && statusOf(error) !== 405) throw error;
      }
    });
  }

  /**
   * Multipart uploads in progress under `prefix`, via ListMultipartUploads (paged). Their handles
   * carry no parts and their size is -1: they are for `abortStaged`. `[]` when `listStaged` is
   * off (s3rver answers 501 to ListMultipartUploads).
   */
  async listStaged(prefix: string): Promise<StagedUpload[]> {
    if (!this.#options.listStaged) return [];
    const found: StagedUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const out = await this.#caller.run('listStaged', prefix, (_, abortSignal) =>
        this.#client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            Prefix: this.#s3Key(prefix),
            ...(keyMarker ? { KeyMarker: keyMarker } : {}),
            ...(uploadIdMarker ? { UploadIdMarker: uploadIdMarker } : {}),
          }),
          { abortSignal },
        ),
      );
      for (const u of out.Uploads ?? []) {
        if (!u.Key || !u.UploadId) continue;
        found.push({
          key: u.Key.slice(this.prefix.length),
          handle: encodeHandle({ uploadId: u.UploadId, parts: [] }),
          size: -1,
        });
      }
      if (!out.IsTruncated) return found;
      keyMarker = out.NextKeyMarker;
      uploadIdMarker = out.NextUploadIdMarker;
      if (!keyMarker && !uploadIdMarker) return found;
    }
  }

  /** One HeadObject, unclassified and not retried; `undefined` for a missing key. */
  async #headOnce(key: string, abortSignal?: AbortSignal): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.#s3Key(key) }), {
        abortSignal,
      });
      return { key, size: out.ContentLength ?? 0, ...(out.LastModified ? { lastModified: out.LastModified } : {}) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #s3Key(key: string): string {
    return this.prefix + key;
  }
}
