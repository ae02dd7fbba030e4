import {
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type StagedUpload,
  type StagedWriter,
  type Storage,
  type StorageCapabilities,
  StorageError,
  StorageErrorCode,
} from '@sinkkit/core';
import { type FaultOptions, FaultPlan, type MemoryOperation } from './memory-faults.js';
import { MemoryStagedWriter } from './memory-staged-writer.js';
import { MemoryStore } from './memory-store.js';

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Whether `putIfAbsent` refuses to overwrite. Default `true`. `false` plays a store that ignores
   * create-only conditions (s3rver, the GCS emulator): `putIfAbsent` then always writes and answers
   * `'created'`, and `capabilities.conditionalCreate` is `false`.
   */
  readonly conditionalCreate?: boolean;
  /** The data to work on. Default: a new, empty store. Share one between instances to play several processes. */
  readonly store?: MemoryStore;
}

const DEFAULT_PAGE_SIZE = 1000;

/**
 * A `Storage` in memory, for unit tests of code that writes through the Storage contract (the
 * WAL, the sink's commit protocol), with fault injection ({@link MemoryStorage.failNext}) for
 * crash and retry tests. It passes the Storage conformance suite, so what works against it relies
 * only on the contract.
 */
export class MemoryStorage implements Storage {
  readonly capabilities: StorageCapabilities;
  /** The data this instance works on (shared when given in the options). */
  readonly store: MemoryStore;
  readonly #faults = new FaultPlan();

  constructor(options: MemoryStorageOptions = {}) {
    this.capabilities = { conditionalCreate: options.conditionalCreate ?? true, listStaged: true };
    this.store = options.store ?? new MemoryStore();
  }

  /**
   * Makes the next call of `operation` (on a matching key) throw, before it takes effect or, with
   * `after`, once it has. Faults belong to this instance, not to its store; they are used up in the
   * order they were added.
   *
   * @example
   * storage.failNext('putIfAbsent', { after: true }); // the WAL entry is written, the answer is lost
   */
  failNext(operation: MemoryOperation, options: FaultOptions = {}): this {
    this.#faults.add(operation, options);
    return this;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    return this.#faults.run('putIfAbsent', checked(key, 'putIfAbsent'), () => {
      if (this.capabilities.conditionalCreate && this.store.objects.has(key)) return 'exists';
      this.store.objects.set(key, { bytes: new Uint8Array(body), lastModified: new Date() });
      return 'created';
    });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.#faults.run('get', checked(key, 'get'), () => copy(this.store.objects.get(key)?.bytes));
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    return this.#faults.run('head', checked(key, 'head'), () => {
      const object = this.store.objects.get(key);
      return object && { key, size: object.bytes.byteLength, lastModified: object.lastModified };
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    return this.#faults.run('list', prefix, () => {
      const after = options.pageToken === undefined ? undefined : Buffer.from(options.pageToken, 'base64url');
      const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
      const keys = [...this.store.objects.keys()]
        .filter((key) => key.startsWith(prefix))
        .map((key) => ({ key, utf8: Buffer.from(key, 'utf8') }))
        .filter(({ utf8 }) => after === undefined || Buffer.compare(utf8, after) > 0)
        .sort((a, b) => Buffer.compare(a.utf8, b.utf8));
      const page = keys.slice(0, pageSize);
      const objects = page.map(({ key }) => {
        const object = this.store.objects.get(key) as { bytes: Uint8Array; lastModified: Date };
        return { key, size: object.bytes.byteLength, lastModified: object.lastModified };
      });
      const last = page.at(-1);
      return keys.length > pageSize && last ? { objects, nextPageToken: last.utf8.toString('base64url') } : { objects };
    });
  }

  async delete(key: string): Promise<void> {
    return this.#faults.run('delete', checked(key, 'delete'), () => {
      this.store.objects.delete(key);
    });
  }

  async openStaged(key: string): Promise<StagedWriter> {
    return this.#faults.run(
      'openStaged',
      checked(key, 'openStaged'),
      () => new MemoryStagedWriter(this.store, key, this.#faults),
    );
  }

  async finalize(upload: StagedUpload): Promise<void> {
    return this.#faults.run('finalize', upload.key, () => {
      const staged = this.store.staged.get(upload.handle);
      if (staged && staged.key === upload.key) {
        const taken = this.capabilities.conditionalCreate ? this.store.objects.get(upload.key) : undefined;
        if (taken) {
          // Never replaced, as S3 with If-None-Match: *: the same size means finalized before.
          const size = upload.size >= 0 ? upload.size : staged.size;
          if (taken.bytes.byteLength !== size) {
            throw new StorageError(
              StorageErrorCode.INVALID_REQUEST,
              `another object is already at ${JSON.stringify(upload.key)} (${taken.bytes.byteLength} bytes; the upload has ${size}): it was not overwritten`,
              { operation: 'finalize', key: upload.key },
            );
          }
          this.store.staged.delete(upload.handle);
          return;
        }
        this.store.objects.set(upload.key, {
          bytes: new Uint8Array(Buffer.concat(staged.chunks)),
          lastModified: new Date(),
        });
        this.store.staged.delete(upload.handle);
        return;
      }
      const existing = this.store.objects.get(upload.key);
      if (existing && (upload.size === -1 || existing.bytes.byteLength === upload.size)) return;
      throw new StorageError(
        StorageErrorCode.STAGED_UPLOAD_LOST,
        'the staged data is gone and the object is not final',
        {
          operation: 'finalize',
          key: upload.key,
        },
      );
    });
  }

  async abortStaged(upload: StagedUpload): Promise<void> {
    return this.#faults.run('abortStaged', upload.key, () => {
      if (this.store.staged.get(upload.handle)?.key === upload.key) this.store.staged.delete(upload.handle);
    });
  }

  async listStaged(prefix: string): Promise<StagedUpload[]> {
    return this.#faults.run('listStaged', prefix, () =>
      [...this.store.staged]
        .filter(([, staged]) => staged.key.startsWith(prefix))
        .map(([handle, staged]) => ({ key: staged.key, handle, size: staged.size })),
    );
  }
}

function checked(key: string, operation: string): string {
  if (key.length === 0) throw new StorageError(StorageErrorCode.INVALID_REQUEST, 'the key is empty', { operation });
  return key;
}

/** A copy the caller may change (a `Buffer`'s `slice` would share memory, hence `new Uint8Array`). */
function copy(bytes: Uint8Array | undefined): Uint8Array | undefined {
  return bytes && new Uint8Array(bytes);
}
