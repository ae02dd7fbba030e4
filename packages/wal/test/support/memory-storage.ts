import type { ListOptions, ListPage, StagedUpload, StagedWriter, Storage, StorageCapabilities } from '@sinkkit/core';
import { StorageError, StorageErrorCode } from '@sinkkit/core';

// A private, minimal in-memory Storage for these tests, until the test kit's MemoryStorage is
// available. Two FakeStorage instances over one FakeStore act as two processes.

/** The shared state: what the "bucket" holds. */
export class FakeStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly staged = new Map<string, { key: string; bytes: Uint8Array }>();
  #nextHandle = 1;
  newHandle(): string {
    return `upload-${this.#nextHandle++}`;
  }
}

type Op = 'putIfAbsent' | 'get' | 'head' | 'list' | 'delete' | 'openStaged' | 'finalize' | 'abortStaged' | 'listStaged';

export interface FakeOptions {
  readonly capabilities?: Partial<StorageCapabilities>;
  /** Largest page `list` returns. */
  readonly maxPageSize?: number;
}

export class FakeStorage implements Storage {
  readonly capabilities: StorageCapabilities;
  readonly calls: { op: Op; key: string }[] = [];
  readonly #maxPage: number;
  readonly #faults: { op: Op; key?: string; error: unknown; after?: boolean }[] = [];
  /** Runs before each call; may await to interleave processes. */
  beforeCall: ((op: Op, key: string) => void | Promise<void>) | undefined;

  constructor(
    readonly store = new FakeStore(),
    options: FakeOptions = {},
  ) {
    this.capabilities = { conditionalCreate: true, listStaged: true, ...options.capabilities };
    this.#maxPage = options.maxPageSize ?? 1000;
  }

  /** The next `op` (on `key` if given) throws `error`; with `after`, only once it took effect. */
  failNext(op: Op, error: unknown, options: { key?: string; after?: boolean } = {}): void {
    this.#faults.push({ op, error, ...options });
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    return this.#run('putIfAbsent', key, () => {
      if (this.capabilities.conditionalCreate && this.store.objects.has(key)) return 'exists';
      this.store.objects.set(key, body.slice());
      return 'created';
    });
  }

  get(key: string) {
    return this.#run('get', key, () => this.store.objects.get(key)?.slice());
  }

  head(key: string) {
    return this.#run('head', key, () => {
      const bytes = this.store.objects.get(key);
      return bytes && { key, size: bytes.length };
    });
  }

  list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    return this.#run('list', prefix, () => {
      const size = Math.min(options.pageSize ?? this.#maxPage, this.#maxPage);
      const keys = [...this.store.objects.keys()]
        .filter((k) => k.startsWith(prefix) && (options.pageToken === undefined || k > options.pageToken))
        .sort();
      const page = keys.slice(0, size);
      const objects = page.map((key) => ({ key, size: this.store.objects.get(key)?.length ?? 0 }));
      return keys.length > size ? { objects, nextPageToken: page.at(-1) } : { objects };
    });
  }

  delete(key: string) {
    return this.#run('delete', key, () => void this.store.objects.delete(key));
  }

  openStaged(key: string): Promise<StagedWriter> {
    return this.#run('openStaged', key, () => {
      const handle = this.store.newHandle();
      const chunks: Uint8Array[] = [];
      let bytesWritten = 0;
      this.store.staged.set(handle, { key, bytes: new Uint8Array() });
      const store = this.store;
      return {
        key,
        get bytesWritten() {
          return bytesWritten;
        },
        async write(chunk: Uint8Array) {
          chunks.push(chunk.slice());
          bytesWritten += chunk.length;
        },
        async close(): Promise<StagedUpload> {
          store.staged.set(handle, { key, bytes: Buffer.concat(chunks) });
          return { key, handle, size: bytesWritten };
        },
        async abort() {
          store.staged.delete(handle);
        },
      };
    });
  }

  finalize(upload: StagedUpload) {
    return this.#run('finalize', upload.key, () => {
      const staged = this.store.staged.get(upload.handle);
      if (staged) {
        this.store.objects.set(upload.key, staged.bytes);
        this.store.staged.delete(upload.handle);
      } else if (this.store.objects.get(upload.key)?.length !== upload.size) {
        throw new StorageError(StorageErrorCode.STAGED_UPLOAD_LOST, 'staged data gone', {
          operation: 'finalize',
          key: upload.key,
        });
      }
    });
  }

  abortStaged(upload: StagedUpload) {
    return this.#run('abortStaged', upload.key, () => void this.store.staged.delete(upload.handle));
  }

  listStaged(prefix: string) {
    return this.#run('listStaged', prefix, () =>
      [...this.store.staged.entries()]
        .filter(([, s]) => s.key.startsWith(prefix))
        .map(([handle, s]) => ({ key: s.key, handle, size: -1 })),
    );
  }

  async #run<T>(op: Op, key: string, fn: () => T): Promise<T> {
    this.calls.push({ op, key });
    await this.beforeCall?.(op, key);
    const i = this.#faults.findIndex((f) => f.op === op && (f.key === undefined || f.key === key));
    const fault = i >= 0 ? this.#faults.splice(i, 1)[0] : undefined;
    if (fault && !fault.after) throw fault.error;
    const result = fn();
    if (fault) throw fault.error;
    return result;
  }
}

/** Stages `body` at `key` and returns the closed upload (invisible until finalized). */
export async function stage(storage: Storage, key: string, body = 'data'): Promise<StagedUpload> {
  const writer = await storage.openStaged(key);
  await writer.write(new TextEncoder().encode(body));
  return writer.close();
}
