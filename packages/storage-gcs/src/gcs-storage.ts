import { randomUUID } from 'node:crypto';
import type { Bucket, File } from '@google-cloud/storage';
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
import { composeTree, type StepOutcome } from './compose-tree.js';
import { isNotFound, isPreconditionFailed } from './gcs-errors.js';
import { GcsStagedWriter } from './gcs-staged-writer.js';
import {
  type GcsStorageOptions,
  type ResolvedGcsStorageOptions,
  resolveGcsStorageOptions,
} from './gcs-storage-options.js';
import { type CallKind, RetryingCaller } from './retrying-caller.js';
import { decodeHandle, encodeHandle, newUploadId, StagingNames } from './staging.js';

/** Custom metadata key of `putIfAbsent` writes: tells our own object from another writer's after a 412. */
export const WRITE_ID_METADATA = 'sinkkit-write-id';
const CONTENT_TYPE = 'application/octet-stream';

/** Object metadata as the JSON API returns it (the fields used here). */
interface ObjectMetadata {
  name?: string;
  size?: string | number;
  updated?: string;
  metadata?: Record<string, unknown> | null;
}

/**
 * sinkkit's {@link Storage} on Google Cloud Storage, over the caller's `Bucket`.
 *
 * - Staged uploads are temporary part objects under `stagingPrefix` (one simple upload per chunk);
 *   `finalize` copies (one part) or composes (more) them into place with `ifGenerationMatch: 0`
 *   (when `conditionalCreate`), so a finished object is never replaced, then deletes them.
 * - `putIfAbsent` is a simple upload with `ifGenerationMatch: 0`.
 * - Every operation classifies failures with {@link classifyError} and retries the retriable
 *   ones (see `GcsRetryOptions` for how this layers with the client's own retries).
 *
 * Keys are relative to `prefix`; listings strip it again and never show the staging folder.
 */
export class GcsStorage implements Storage {
  readonly capabilities: StorageCapabilities;
  readonly #options: ResolvedGcsStorageOptions;
  readonly #bucket: Bucket;
  readonly #caller: RetryingCaller;
  readonly #names: StagingNames;

  /** @throws ConfigError naming the key, the value and the reason of every invalid option. */
  constructor(options: GcsStorageOptions) {
    this.#options = resolveGcsStorageOptions(options);
    this.#bucket = this.#options.bucket;
    this.#caller = new RetryingCaller(this.#bucket, this.#options);
    this.#names = new StagingNames(this.#options.prefix + this.#options.stagingPrefix);
    this.capabilities = Object.freeze({ conditionalCreate: this.#options.conditionalCreate, listStaged: true });
  }

  /** The bucket's name. */
  get bucket(): string {
    return this.#bucket.name;
  }

  /** The name prefix (empty, or ending in `/`). */
  get prefix(): string {
    return this.#options.prefix;
  }

  /** The folder of temporary objects, relative to `prefix` (ends in `/`). */
  get stagingPrefix(): string {
    return this.#options.stagingPrefix;
  }

  /** Bytes per temporary part object. */
  get chunkSize(): number {
    return this.#options.chunkSize;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const file = this.#file(key);
    if (!this.#options.conditionalCreate) {
      // Best effort for servers that ignore preconditions: right for one writer, racy for two.
      if (await this.head(key)) return 'exists';
      await this.#run('putIfAbsent', key, 'unconditional', () =>
        file.save(body, { resumable: false, metadata: { contentType: CONTENT_TYPE } }),
      );
      return 'created';
    }
    const writeId = randomUUID();
    const outcome = await this.#run('putIfAbsent', key, 'idempotent', async () => {
      try {
        await file.save(body, {
          resumable: false,
          preconditionOpts: { ifGenerationMatch: 0 },
          metadata: { contentType: CONTENT_TYPE, metadata: { [WRITE_ID_METADATA]: writeId } },
        });
        return 'created' as const;
      } catch (error) {
        if (isPreconditionFailed(error)) return 'taken' as const;
        throw error;
      }
    });
    if (outcome === 'created') return outcome;
    // A retry (ours or the client's) of a write that landed with its answer lost also gets a 412:
    // then the object carries our write id. Any other object is someone else's.
    const existing = await this.#run('putIfAbsent', key, 'idempotent', () => this.#metadataOnce(key));
    return existing?.metadata?.[WRITE_ID_METADATA] === writeId ? 'created' : 'exists';
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.#run('get', key, 'idempotent', async () => {
      try {
        return await readAll(this.#file(key), this.#options.readStallMs);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const metadata = await this.#run('head', key, 'idempotent', () => this.#metadataOnce(key));
    return metadata && toInfo(key, metadata);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    let pageToken = options.pageToken;
    for (;;) {
      const page = await this.#listPage(this.prefix + prefix, pageToken, options.pageSize, 'list');
      const objects = page.files
        .filter((m) => !(m.name ?? '').startsWith(this.#names.root))
        .map((m) => toInfo((m.name ?? '').slice(this.prefix.length), m));
      // A page holding only temporary objects is skipped rather than returned empty with a token.
      if (objects.length > 0 || page.nextPageToken === undefined || page.files.length === 0) {
        return page.nextPageToken === undefined ? { objects } : { objects, nextPageToken: page.nextPageToken };
      }
      pageToken = page.nextPageToken;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#run('delete', key, 'unconditional', () => this.#file(key).delete({ ignoreNotFound: true }));
  }

  /** Returns a writer that uploads a temporary part object whenever a chunk is full. Sends nothing yet. */
  async openStaged(key: string): Promise<GcsStagedWriter> {
    const uploadId = newUploadId();
    return new GcsStagedWriter({
      key,
      uploadId,
      chunkSize: this.chunkSize,
      uploadPart: async (index, body) => {
        const part = this.#bucket.file(this.#names.part(key, uploadId, index));
        // Unconditional: the name is ours alone, and a retried upload writes the same bytes again.
        await this.#run('uploadPart', key, 'unconditional', () =>
          part.save(body, { resumable: false, metadata: { contentType: CONTENT_TYPE } }),
        );
      },
      abortUpload: () => this.abortStaged({ key, handle: encodeHandle({ uploadId }), size: -1 }),
    });
  }

  async finalize(upload: StagedUpload): Promise<void> {
    const { key } = upload;
    const handle = decodeHandle(upload.handle, 'finalize', key);
    if (handle.parts === undefined) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        'the staged handle does not say how many parts it has (handles from listStaged can only be aborted)',
        { operation: 'finalize', key },
      );
    }
    const folder = this.#names.folder(key, handle.uploadId);
    const sameSize = (object: ObjectInfo | undefined) =>
      object !== undefined && (upload.size < 0 || object.size === upload.size);
    let outcome: StepOutcome;
    if (!this.#options.conditionalCreate && (await this.head(key))) {
      // Without server-side preconditions, look first: never overwrite a finished object.
      outcome = 'key taken';
    } else {
      const parts = Array.from({ length: handle.parts }, (_, i) => this.#names.part(key, handle.uploadId, i));
      outcome = await composeTree(parts, {
        name: (index) => this.#names.intermediate(key, handle.uploadId, index),
        intermediate: (sources, destination) => this.#combine(key, sources, destination, false),
        final: (sources) => this.#combine(key, sources, this.prefix + key, this.#options.conditionalCreate),
      });
    }
    if (outcome === 'ok') {
      await this.#deleteFolder(folder, key).catch(() => {});
      return;
    }
    // Either an earlier attempt (ours, or a crashed process's) finished it — then the object is
    // there with our size — or something else happened to the key or to the temporary objects.
    const object = await this.head(key);
    if (sameSize(object)) {
      // Final; the temporary objects (if any are left) only cost storage now.
      await this.#deleteFolder(folder, key).catch(() => {});
      return;
    }
    if (outcome === 'key taken') {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        `another object (${object?.size ?? 'unknown'} bytes, expected ${upload.size}) is already at the key; it was not overwritten`,
        { operation: 'finalize', key },
      );
    }
    throw new StorageError(
      StorageErrorCode.STAGED_UPLOAD_LOST,
      `the temporary objects of upload ${handle.uploadId} are gone and the object is ${object ? `${object.size} bytes, expected ${upload.size}` : 'missing'}`,
      { operation: 'finalize', key },
    );
  }

  /** Deletes the upload's temporary objects. Objects already gone (finalized, aborted) count as done. */
  async abortStaged(upload: StagedUpload): Promise<void> {
    const handle = decodeHandle(upload.handle, 'abortStaged', upload.key);
    await this.#deleteFolder(this.#names.folder(upload.key, handle.uploadId), upload.key);
  }

  /**
   * Staged uploads under `prefix` whose temporary objects still exist, found by listing the staging
   * folder. `size` is the total of their parts; handles carry no part count (abort only).
   */
  async listStaged(prefix: string): Promise<StagedUpload[]> {
    const found = new Map<string, { key: string; uploadId: string; size: number }>();
    let pageToken: string | undefined;
    do {
      const page = await this.#listPage(this.#names.root + prefix, pageToken, undefined, 'listStaged');
      for (const metadata of page.files) {
        const parsed = this.#names.parse(metadata.name ?? '');
        if (!parsed?.key.startsWith(prefix)) continue;
        const id = `${parsed.key}\n${parsed.uploadId}`;
        const entry = found.get(id) ?? { key: parsed.key, uploadId: parsed.uploadId, size: 0 };
        if (parsed.kind === 'part') entry.size += Number(metadata.size ?? 0);
        found.set(id, entry);
      }
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    return [...found.values()].map(({ key, uploadId, size }) => ({ key, handle: encodeHandle({ uploadId }), size }));
  }

  /**
   * One compose (or, for a single source, copy) step. `conditional` adds `ifGenerationMatch: 0`;
   * 412 means the destination exists, 404 that a source is gone.
   */
  #combine(key: string, sources: readonly string[], destination: string, conditional: boolean): Promise<StepOutcome> {
    const kind: CallKind = conditional ? 'idempotent' : 'unconditional';
    return this.#run('finalize', key, kind, async () => {
      try {
        const target = this.#bucket.file(destination);
        if (sources.length === 1) {
          await this.#bucket
            .file(sources[0] as string)
            .copy(target, conditional ? { preconditionOpts: { ifGenerationMatch: 0 } } : {});
        } else {
          await this.#bucket.combine([...sources], target, conditional ? { ifGenerationMatch: 0 } : {});
        }
        return 'ok';
      } catch (error) {
        if (conditional && isPreconditionFailed(error)) return 'key taken';
        if (isNotFound(error)) return 'staged gone';
        throw error;
      }
    });
  }

  /** Deletes every object whose name starts with `folder` (a staged upload's temporary objects). */
  async #deleteFolder(folder: string, key: string): Promise<void> {
    let pageToken: string | undefined;
    do {
      const page = await this.#listPage(folder, pageToken, undefined, 'abortStaged', key);
      await Promise.all(
        page.files.map((m) =>
          this.#run('abortStaged', key, 'unconditional', () =>
            this.#bucket.file(m.name as string).delete({ ignoreNotFound: true }),
          ),
        ),
      );
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
  }

  /** One page of object metadata under a full name prefix. */
  async #listPage(
    fullPrefix: string,
    pageToken: string | undefined,
    pageSize: number | undefined,
    operation: string,
    key: string = fullPrefix,
  ): Promise<{ files: ObjectMetadata[]; nextPageToken?: string }> {
    return this.#run(operation, key, 'idempotent', async () => {
      const [files, next] = await this.#bucket.getFiles({
        prefix: fullPrefix,
        autoPaginate: false,
        ...(pageToken ? { pageToken } : {}),
        ...(pageSize ? { maxResults: pageSize } : {}),
      });
      const nextPageToken = (next as { pageToken?: unknown } | null | undefined)?.pageToken;
      const list = files.map((file: File) => ({ ...(file.metadata as ObjectMetadata), name: file.name }));
      return typeof nextPageToken === 'string' && nextPageToken !== ''
        ? { files: list, nextPageToken }
        : { files: list };
    });
  }

  /** One getMetadata, unclassified and not retried; `undefined` for a missing object. */
  async #metadataOnce(key: string): Promise<ObjectMetadata | undefined> {
    try {
      const [metadata] = await this.#file(key).getMetadata();
      return metadata as ObjectMetadata;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #run<T>(operation: string, key: string, kind: CallKind, fn: (attempt: number) => Promise<T>): Promise<T> {
    return this.#caller.run(operation, key, kind, fn);
  }

  #file(key: string): File {
    return this.#bucket.file(this.prefix + key);
  }
}

function toInfo(key: string, metadata: ObjectMetadata): ObjectInfo {
  const updated = metadata.updated ? new Date(metadata.updated) : undefined;
  return {
    key,
    size: Number(metadata.size ?? 0),
    ...(updated && !Number.isNaN(updated.getTime()) ? { lastModified: updated } : {}),
  };
}

/**
 * The object's bytes, read from `createReadStream` with a stall timer. @google-cloud/storage 7 does
 * not notice a connection cut mid-body (the stream then neither ends nor fails, seen here through
 * the fault proxy): when no data arrives for `stallMs`, the read is abandoned as ETIMEDOUT, which
 * is classified as a broken connection and retried.
 */
function readAll(file: File, stallMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stream = file.createReadStream();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stream.destroy();
        reject(Object.assign(new Error(`no data for ${stallMs} ms while downloading`), { code: 'ETIMEDOUT' }));
      }, stallMs);
    };
    arm();
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      arm();
    });
    stream.once('end', () => {
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      resolve(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
