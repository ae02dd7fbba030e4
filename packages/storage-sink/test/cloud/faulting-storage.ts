import type {
  ListOptions,
  ListPage,
  ObjectInfo,
  StagedUpload,
  StagedWriter,
  Storage,
  StorageCapabilities,
} from '@sinkkit/core';
import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** The calls of a Storage (and of its staged writers) a fault can be injected into. */
export type StorageOperation =
  | 'putIfAbsent'
  | 'get'
  | 'head'
  | 'list'
  | 'delete'
  | 'openStaged'
  | 'write'
  | 'close'
  | 'abort'
  | 'finalize'
  | 'abortStaged'
  | 'listStaged';

/** As `MemoryStorage.failNext` takes them: what to throw, on which key, before or after the call. */
export interface Fault {
  readonly error?: unknown;
  readonly key?: string | ((key: string) => boolean);
  /** Throw after the real call took effect (the answer is lost). Default: before, nothing happens. */
  readonly after?: boolean;
  readonly times?: number;
}

/**
 * Wraps a real adapter (Azure, GCS, …) with `MemoryStorage`'s kill points: a fault makes the next
 * matching call throw, before or after the store acted. A non-retriable error stands for the
 * process being killed there. Also records which WAL keys its `putIfAbsent` created or found taken.
 */
export class FaultingStorage implements Storage {
  readonly #faults: Array<Fault & { operation: StorageOperation; remaining: number }> = [];
  readonly created: string[] = [];
  readonly taken: string[] = [];

  constructor(readonly inner: Storage) {}

  get capabilities(): StorageCapabilities {
    return this.inner.capabilities;
  }

  failNext(operation: StorageOperation, fault: Fault = {}): this {
    this.#faults.push({ ...fault, operation, remaining: fault.times ?? 1 });
    return this;
  }

  async run<T>(operation: StorageOperation, key: string, action: () => Promise<T>): Promise<T> {
    const index = this.#faults.findIndex(
      (f) =>
        f.operation === operation && (f.key === undefined || (typeof f.key === 'string' ? f.key === key : f.key(key))),
    );
    const fault = this.#faults[index];
    if (fault && --fault.remaining <= 0) this.#faults.splice(index, 1);
    const error = () =>
      fault?.error ?? new StorageError(StorageErrorCode.UNAVAILABLE, 'injected fault', { operation, key });
    if (fault && !fault.after) throw error();
    const result = await action();
    if (fault?.after) throw error();
    return result;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    return this.run('putIfAbsent', key, async () => {
      const outcome = await this.inner.putIfAbsent(key, body);
      if (key.startsWith('_sinkkit/wal/')) (outcome === 'created' ? this.created : this.taken).push(key);
      return outcome;
    });
  }
  get(key: string): Promise<Uint8Array | undefined> {
    return this.run('get', key, () => this.inner.get(key));
  }
  head(key: string): Promise<ObjectInfo | undefined> {
    return this.run('head', key, () => this.inner.head(key));
  }
  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.run('list', prefix, () => this.inner.list(prefix, options));
  }
  delete(key: string): Promise<void> {
    return this.run('delete', key, () => this.inner.delete(key));
  }
  async openStaged(key: string): Promise<StagedWriter> {
    const writer = await this.run('openStaged', key, () => this.inner.openStaged(key));
    return new FaultingWriter(writer, this);
  }
  finalize(upload: StagedUpload): Promise<void> {
    return this.run('finalize', upload.key, () => this.inner.finalize(upload));
  }
  abortStaged(upload: StagedUpload): Promise<void> {
    return this.run('abortStaged', upload.key, () => this.inner.abortStaged(upload));
  }
  listStaged(prefix: string): Promise<StagedUpload[]> {
    return this.run('listStaged', prefix, () => this.inner.listStaged(prefix));
  }
}

class FaultingWriter implements StagedWriter {
  constructor(
    readonly inner: StagedWriter,
    readonly storage: FaultingStorage,
  ) {}
  get key(): string {
    return this.inner.key;
  }
  get bytesWritten(): number {
    return this.inner.bytesWritten;
  }
  write(chunk: Uint8Array): Promise<void> {
    return this.storage.run('write', this.key, () => this.inner.write(chunk));
  }
  close(): Promise<StagedUpload> {
    return this.storage.run('close', this.key, () => this.inner.close());
  }
  abort(): Promise<void> {
    return this.storage.run('abort', this.key, () => this.inner.abort());
  }
}
