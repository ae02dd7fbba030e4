import type { BlobItem, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import {
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type StagedUpload,
  type Storage,
  type StorageCapabilities,
  StorageError,
  StorageErrorCode,
} from '@sinkkit/core';
import { isBlobNotFound, isConditionConflict, isInvalidBlockList } from './azure-errors.js';
import { AzureStagedWriter } from './azure-staged-writer.js';
import {
  type AzureBlobStorageOptions,
  type ResolvedAzureBlobStorageOptions,
  resolveAzureBlobStorageOptions,
} from './azure-storage-options.js';
import { RetryingCaller } from './retrying-caller.js';
import { ANY_UPLOAD, decodeHandle, newUploadId } from './staged-handle.js';
import { PLACEHOLDER_METADATA, UncommittedBlocks } from './uncommitted-blocks.js';

/** A blob's metadata as `#headOnce` reads it; `placeholder` marks `abortStaged`'s transient empty blob. */
interface BlobInfo extends ObjectInfo {
  readonly placeholder: boolean;
}

const isPlaceholder = (metadata: Record<string, string> | undefined) => metadata?.[PLACEHOLDER_METADATA] === 'true';

/**
 * sinkkit's {@link Storage} on Azure Blob Storage, over the caller's `ContainerClient`.
 *
 * - Staged uploads are uncommitted blocks of the key's block blob (Put Block); `finalize` commits
 *   the block list with `If-None-Match: *` (when `conditionalCreate`), atomically.
 * - `putIfAbsent` is a Put Blob with `If-None-Match: *`.
 * - Every operation classifies failures with {@link classifyError} and retries the retriable
 *   ones (see `AzureRetryOptions` for how this layers with the SDK's own retries).
 *
 * Keys are relative to `prefix`; listings strip it again.
 */
export class AzureBlobStorage implements Storage {
  readonly capabilities: StorageCapabilities;
  readonly #options: ResolvedAzureBlobStorageOptions;
  readonly #container: ContainerClient;
  readonly #caller: RetryingCaller;
  readonly #uncommitted: UncommittedBlocks;

  /** @throws ConfigError naming the key, the value and the reason of every invalid option. */
  constructor(options: AzureBlobStorageOptions) {
    this.#options = resolveAzureBlobStorageOptions(options);
    this.#container = this.#options.container;
    this.#caller = new RetryingCaller(this.#container, this.#options);
    this.#uncommitted = new UncommittedBlocks(this.#container, this.#caller, this.#options.prefix);
    this.capabilities = Object.freeze({ conditionalCreate: this.#options.conditionalCreate, listStaged: true });
  }

  /** The container's name. */
  get containerName(): string {
    return this.#container.containerName;
  }

  /** The blob name prefix (empty, or ending in `/`). */
  get prefix(): string {
    return this.#options.prefix;
  }

  /** Bytes per staged block. */
  get blockSize(): number {
    return this.#options.blockSize;
  }

  /** Attempts the adapter makes per operation (see `AzureRetryOptions.maxAttempts`). */
  get retryAttempts(): number {
    return this.#caller.attempts;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const blob = this.#blob(key);
    const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (!this.#options.conditionalCreate) {
      // Best effort for servers that ignore If-None-Match: right for one writer, racy for two.
      if (await this.head(key)) return 'exists';
      await this.#caller.run('putIfAbsent', key, (_, abortSignal) => blob.upload(data, data.length, { abortSignal }));
      return 'created';
    }
    const outcome = await this.#caller.run('putIfAbsent', key, async (attempt, abortSignal) => {
      try {
        await blob.upload(data, data.length, { conditions: { ifNoneMatch: '*' }, abortSignal });
        return 'created' as const;
      } catch (error) {
        if (!isConditionConflict(error)) throw error;
        // After a failed attempt (ours, or possibly the SDK's) the write may have landed with its
        // answer lost: then the 409 is about our own blob.
        return attempt > 1 || this.#caller.clientRetries ? ('ambiguous' as const) : ('exists' as const);
      }
    });
    if (outcome !== 'ambiguous') return outcome;
    const existing = await this.get(key);
    return existing !== undefined && Buffer.from(existing).equals(data) ? 'created' : 'exists';
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.#caller.run('get', key, async (_, abortSignal) => {
      try {
        // The SDK resumes a body that breaks off from where it stopped (If-Match on the ETag).
        const out = await this.#blob(key).download(0, undefined, { maxRetryRequests: 3, abortSignal });
        // Reading the body is inside the retry: a connection cut mid-body is retried like any reset.
        const chunks: Buffer[] = [];
        for await (const chunk of out.readableStreamBody ?? []) chunks.push(chunk as Buffer);
        return isPlaceholder(out.metadata) ? undefined : new Uint8Array(Buffer.concat(chunks));
      } catch (error) {
        if (isBlobNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const info = await this.#caller.run('head', key, (_, abortSignal) => this.#headOnce(key, abortSignal));
    if (!info || info.placeholder) return undefined;
    return { key: info.key, size: info.size, ...(info.lastModified ? { lastModified: info.lastModified } : {}) };
  }

  list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    return this.#caller.run('list', prefix, async (_, abortSignal) => {
      const listing = this.#container.listBlobsFlat({
        prefix: this.prefix + prefix,
        includeMetadata: true,
        abortSignal,
      });
      const pages = listing.byPage({
        ...(options.pageToken ? { continuationToken: options.pageToken } : {}),
        ...(options.pageSize ? { maxPageSize: options.pageSize } : {}),
      });
      const { value: page } = await pages.next();
      const items: BlobItem[] = page?.segment.blobItems ?? [];
      const objects = items
        .filter((item) => !isPlaceholder(item.metadata))
        .map(
          (item): ObjectInfo => ({
            key: item.name.slice(this.prefix.length),
            size: item.properties.contentLength ?? 0,
            ...(item.properties.lastModified ? { lastModified: item.properties.lastModified } : {}),
          }),
        );
      const token = page?.continuationToken;
      return token ? { objects, nextPageToken: token } : { objects };
    });
  }

  async delete(key: string): Promise<void> {
    await this.#caller.run('delete', key, (_, abortSignal) =>
      this.#blob(key).deleteIfExists({ deleteSnapshots: 'include', abortSignal }),
    );
  }

  /**
   * Returns a writer that stages a block whenever `blockSize` bytes are buffered. Nothing is sent
   * yet: an Azure staged upload needs no creation call, its blocks carry the upload id.
   */
  async openStaged(key: string): Promise<AzureStagedWriter> {
    const uploadId = newUploadId();
    const blob = this.#blob(key);
    return new AzureStagedWriter({
      key,
      uploadId,
      blockSize: this.blockSize,
      // The body is a Buffer, so the SDK and the retry below can replay it.
      stageBlock: async (id, body) => {
        await this.#caller.run('stageBlock', key, (_, abortSignal) =>
          blob.stageBlock(id, body, body.length, { abortSignal }),
        );
      },
      abortUpload: async () => {
        await this.#uncommitted.discard(key, uploadId);
      },
    });
  }

  async finalize(upload: StagedUpload): Promise<void> {
    const { key } = upload;
    const handle = decodeHandle(upload.handle, 'finalize', key);
    if (handle.uploadId === ANY_UPLOAD) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        'the staged handle came from listStaged and names no blocks: it can only be aborted',
        { operation: 'finalize', key },
      );
    }
    const ours = (object: BlobInfo | undefined) =>
      object !== undefined && !object.placeholder && (upload.size < 0 || object.size === upload.size);
    const blob = this.#blob(key);
    const conditions = this.#options.conditionalCreate ? { ifNoneMatch: '*' } : {};
    const outcome = await this.#caller.run('finalize', key, async (_, abortSignal) => {
      try {
        await blob.commitBlockList([...handle.blockIds], { conditions, abortSignal });
        return 'committed' as const;
      } catch (error) {
        if (isConditionConflict(error)) return 'key taken' as const;
        if (isInvalidBlockList(error)) return 'blocks gone' as const;
        // An earlier attempt (ours or the SDK's) may have committed with the answer lost.
        if (ours(await this.#headOnce(key, abortSignal).catch(() => undefined))) return 'key taken' as const;
        throw error;
      }
    });
    if (outcome === 'committed') return;
    // Either an earlier commit (ours, or a crashed process's) made the object — then it is there
    // with our size — or something else happened to the key or the blocks.
    const object = await this.#caller.run('finalize', key, (_, abortSignal) => this.#headOnce(key, abortSignal));
    if (ours(object)) return;
    if (outcome === 'key taken' && object && !object.placeholder) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        `another object (${object.size} bytes, expected ${upload.size}) is already at the key; it was not overwritten`,
        { operation: 'finalize', key },
      );
    }
    throw new StorageError(
      StorageErrorCode.STAGED_UPLOAD_LOST,
      `the staged blocks of upload ${handle.uploadId} are gone (aborted, committed over, or expired) and the object is ${object && !object.placeholder ? `${object.size} bytes, expected ${upload.size}` : 'missing'}`,
      { operation: 'finalize', key },
    );
  }

  /**
   * Drops the upload's uncommitted blocks (see `UncommittedBlocks.discard` for how, and when they
   * are left to expire instead). Idempotent; aborting a finalized upload keeps the object.
   */
  async abortStaged(upload: StagedUpload): Promise<void> {
    const handle = decodeHandle(upload.handle, 'abortStaged', upload.key);
    await this.#uncommitted.discard(upload.key, handle.uploadId);
  }

  /** Keys under `prefix` with uncommitted blocks and no committed blob; abort-only handles, size -1. */
  listStaged(prefix: string): Promise<StagedUpload[]> {
    return this.#uncommitted.list(prefix);
  }

  /** One Get Blob Properties, unclassified and not retried; `undefined` for a missing blob. */
  async #headOnce(key: string, abortSignal?: AbortSignal): Promise<BlobInfo | undefined> {
    try {
      const out = await this.#blob(key).getProperties({ abortSignal });
      return {
        key,
        size: out.contentLength ?? 0,
        ...(out.lastModified ? { lastModified: out.lastModified } : {}),
        placeholder: isPlaceholder(out.metadata),
      };
    } catch (error) {
      if (isBlobNotFound(error)) return undefined;
      throw error;
    }
  }

  #blob(key: string): BlockBlobClient {
    return this.#container.getBlockBlobClient(this.prefix + key);
  }
}
