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
import type { OssClient } from './oss-client.js';
import { isFileAlreadyExists, isNoSuchUpload, isNotFound, statusOf } from './oss-errors.js';
import { OssStagedWriter } from './oss-staged-writer.js';
import {
  type OssStorageOptions,
  type ResolvedOssStorageOptions,
  resolveOssStorageOptions,
} from './oss-storage-options.js';
import { RetryingCaller } from './retrying-caller.js';
import { decodeHandle, encodeHandle } from './staged-handle.js';

/** OSS's create-only header: the write fails with 409 FileAlreadyExists when the object exists. */
const FORBID_OVERWRITE = { 'x-oss-forbid-overwrite': 'true' } as const;

/**
 * sinkkit's {@link Storage} on Alibaba Cloud OSS, over the caller's ali-oss client.
 *
 * - Staged uploads are multipart uploads left uncompleted; `finalize` completes them with
 *   `x-oss-forbid-overwrite: true` (when `conditionalCreate`), so a finished object is never replaced.
 * - `putIfAbsent` is a PutObject with `x-oss-forbid-overwrite: true`.
 * - Every operation classifies failures with {@link classifyError} and retries the retriable
 *   ones (see `OssRetryOptions` for how this layers with ali-oss's `retryMax`).
 *
 * Keys are relative to `prefix`; listings strip it again.
 */
export class OssStorage implements Storage {
  readonly capabilities: StorageCapabilities;
  readonly #options: ResolvedOssStorageOptions;
  readonly #client: OssClient;
  readonly #caller: RetryingCaller;

  /** @throws ConfigError naming the key, the value and the reason of every invalid option. */
  constructor(options: OssStorageOptions) {
    this.#options = resolveOssStorageOptions(options);
    this.#client = this.#options.client;
    this.#caller = new RetryingCaller(this.#options);
    this.capabilities = Object.freeze({ conditionalCreate: this.#options.conditionalCreate, listStaged: true });
  }

  /** The bucket written to (the client's). */
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
    const name = this.#name(key);
    const content = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (!this.#options.conditionalCreate) {
      // Best effort without the header: right for one writer, racy for two.
      if (await this.head(key)) return 'exists';
      await this.#caller.run('putIfAbsent', key, () => this.#client.put(name, content));
      return 'created';
    }
    const outcome = await this.#caller.run('putIfAbsent', key, async (attempt) => {
      try {
        await this.#client.put(name, content, { headers: { ...FORBID_OVERWRITE } });
        return 'created' as const;
      } catch (error) {
        if (!isFileAlreadyExists(error)) throw error;
        // After a failed attempt (ours, or one ali-oss repeated under its retryMax) the write may
        // have landed with its answer lost: then the 409 is about our own object.
        return attempt > 1 || this.#options.clientRetryMax > 0 ? ('ambiguous' as const) : ('exists' as const);
      }
    });
    if (outcome !== 'ambiguous') return outcome;
    const existing = await this.get(key);
    return existing !== undefined && Buffer.from(existing).equals(content) ? 'created' : 'exists';
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.#caller.run('get', key, async () => {
      try {
        // Reading the body is inside the retry: a connection cut mid-body is retried like any reset.
        const out = await this.#client.get(this.#name(key));
        const content = out.content;
        if (content instanceof Uint8Array) return new Uint8Array(content.buffer, content.byteOffset, content.length);
        return typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#caller.run('head', key, () => this.#headOnce(key));
  }

  list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    return this.#caller.run('list', prefix, async () => {
      const out = await this.#client.listV2({
        prefix: this.#name(prefix),
        ...(options.pageSize ? { 'max-keys': String(options.pageSize) } : {}),
        ...(options.pageToken ? { 'continuation-token': options.pageToken } : {}),
      });
      const objects = (out.objects ?? []).map(
        (o): ObjectInfo => ({
          key: o.name.slice(this.prefix.length),
          size: Number(o.size),
          ...(o.lastModified ? { lastModified: new Date(o.lastModified) } : {}),
        }),
      );
      return out.isTruncated && out.nextContinuationToken
        ? { objects, nextPageToken: out.nextContinuationToken }
        : { objects };
    });
  }

  async delete(key: string): Promise<void> {
    await this.#caller.run('delete', key, async () => {
      try {
        await this.#client.delete(this.#name(key));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  /**
   * Initiates the multipart upload and returns a writer that uploads parts as they fill. A retried
   * initiation whose first answer was lost leaves an empty orphan upload behind; `listStaged` finds
   * it, and a bucket lifecycle rule (AbortMultipartUpload after N days) should be set anyway.
   */
  async openStaged(key: string): Promise<OssStagedWriter> {
    const objectName = this.#name(key);
    const uploadId = await this.#caller.run('openStaged', key, async () => {
      const out = await this.#client.initMultipartUpload(objectName);
      if (!out.uploadId) throw new Error('InitiateMultipartUpload answered without an UploadId');
      return out.uploadId;
    });
    const abortUpload = () => this.abortStaged({ key, handle: encodeHandle({ uploadId, parts: [] }), size: -1 });
    return new OssStagedWriter({
      client: this.#client,
      caller: this.#caller,
      key,
      objectName,
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
    const options = this.#options.conditionalCreate ? { headers: { ...FORBID_OVERWRITE } } : {};
    const outcome = await this.#caller.run('finalize', key, async () => {
      try {
        await this.#client.completeMultipartUpload(this.#name(key), handle.uploadId, [...handle.parts], options);
        return 'completed' as const;
      } catch (error) {
        if (isFileAlreadyExists(error)) return 'key taken' as const;
        if (isNoSuchUpload(error)) return 'upload gone' as const;
        // An earlier attempt may have completed it with the answer lost: the object itself tells.
        if (sameSize(await this.#headOnce(key).catch(() => undefined))) return 'key taken' as const;
        throw error;
      }
    });
    await settleFinalize(outcome, upload, `multipart upload ${handle.uploadId}`, this);
  }

  /** Aborts the multipart upload. NoSuchUpload (already completed, aborted or expired) counts as done. */
  async abortStaged(upload: StagedUpload): Promise<void> {
    const handle = decodeHandle(upload.handle, 'abortStaged', upload.key);
    await this.#caller.run('abortStaged', upload.key, async () => {
      try {
        await this.#client.abortMultipartUpload(this.#name(upload.key), handle.uploadId);
      } catch (error) {
        if (!isNoSuchUpload(error) && statusOf(error) !== 404) throw error;
      }
    });
  }

  /**
   * Multipart uploads in progress under `prefix`, via ListMultipartUploads (paged by key and
   * upload-id markers). Their handles carry no parts and their size is -1: they are for `abortStaged`.
   */
  async listStaged(prefix: string): Promise<StagedUpload[]> {
    const found: StagedUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const out = await this.#caller.run('listStaged', prefix, () =>
        this.#client.listUploads({
          prefix: this.#name(prefix),
          ...(keyMarker ? { 'key-marker': keyMarker } : {}),
          ...(uploadIdMarker ? { 'upload-id-marker': uploadIdMarker } : {}),
        }),
      );
      for (const u of out.uploads ?? []) {
        if (!u.name || !u.uploadId) continue;
        found.push({
          key: u.name.slice(this.prefix.length),
          handle: encodeHandle({ uploadId: u.uploadId, parts: [] }),
          size: -1,
        });
      }
      if (!out.isTruncated) return found;
      keyMarker = out.nextKeyMarker ?? undefined;
      uploadIdMarker = out.nextUploadIdMarker ?? undefined;
      if (!keyMarker && !uploadIdMarker) return found;
    }
  }

  /** One HeadObject, unclassified and not retried; `undefined` for a missing key. */
  async #headOnce(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.#client.head(this.#name(key));
      const headers = (out.res.headers ?? {}) as Record<string, unknown>;
      const modified = headers['last-modified'];
      return {
        key,
        size: Number(headers['content-length'] ?? 0),
        ...(typeof modified === 'string' ? { lastModified: new Date(modified) } : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #name(key: string): string {
    return this.prefix + key;
  }
}
