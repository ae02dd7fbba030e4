import type { StagedUpload, StagedWriter } from './staged-writer.js';

/**
 * What a store can do. The storage sink adapts its guarantee to it: without
 * `conditionalCreate` it still writes exactly once from a single owner, but cannot fence a
 * zombie task (documented as the weaker guarantee).
 */
export interface StorageCapabilities {
  /** The server itself enforces {@link Storage.putIfAbsent} (S3 `If-None-Match: *`, GCS `ifGenerationMatch: 0`, …). */
  readonly conditionalCreate: boolean;
  /** {@link Storage.listStaged} can find staged uploads nobody references any more (orphans). */
  readonly listStaged: boolean;
}

/** One stored object. */
export interface ObjectInfo {
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
  readonly lastModified?: Date;
}

/** One page of a listing, keys in lexicographic (UTF-8 byte) order. */
export interface ListPage {
  readonly objects: readonly ObjectInfo[];
  /** Pass back as `pageToken` to get the next page; absent on the last page. */
  readonly nextPageToken?: string;
}

/** Options of {@link Storage.list}. */
export interface ListOptions {
  /** A token from the previous page. */
  readonly pageToken?: string;
  /** Most objects per page; the store may return fewer. Default: the store's own (≈1000). */
  readonly pageSize?: number;
}

/**
 * An object store as the exactly-once sink needs it: plain reads, a create-only write (the WAL's
 * commit point), and staged uploads that stay invisible until finalized.
 *
 * Keys are `/`-separated paths relative to the storage's root (bucket + prefix, or folder).
 * Every method may throw a `SinkkitError` classified by the adapter (`retriable` set for
 * throttling, 5xx and connection resets); callers retry only retriable ones.
 */
export interface Storage {
  readonly capabilities: StorageCapabilities;
  /**
   * Writes `body` at `key` only if no object exists there: resolves `'created'`, or `'exists'`
   * when the key was already taken (412/409/EEXIST) — the signal that another writer owns it.
   * Never overwrites when `capabilities.conditionalCreate` is true. Atomic for readers: `get`
   * returns all of `body` or nothing (the WAL reads a torn entry as corrupt, so it must not exist).
   */
  putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'>;
  /** The object's bytes, or `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The object's metadata, or `undefined` when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /**
   * Objects whose key starts with `prefix`, a page at a time. Staged uploads are never listed.
   * Read-after-write consistent: a listing started after a write or delete resolved reflects it
   * (the WAL finds the newest entry, and detects a stale append, by listing).
   */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** Deletes the object; deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
  /** Starts a staged upload that will become `key` when finalized; nothing is visible at `key` until then. */
  openStaged(key: string): Promise<StagedWriter>;
  /**
   * Makes a closed staged upload visible at its key, atomically (readers see all of it or
   * nothing). Idempotent: if the object is already final with `upload.size` bytes, it is done.
   * Throws a non-retriable `SinkkitError` (code `STORAGE_STAGED_UPLOAD_LOST`) when the staged data
   * is gone and the object is not there.
   */
  finalize(upload: StagedUpload): Promise<void>;
  /** Discards a staged upload's data. Idempotent: aborting an unknown or finished upload succeeds. */
  abortStaged(upload: StagedUpload): Promise<void>;
  /**
   * Staged uploads not yet finalized or aborted whose final key starts with `prefix`, for orphan
   * clean-up after a crash. Only where `capabilities.listStaged`; otherwise resolves `[]`.
   * Their `size` is unknown (-1) when the store cannot tell.
   */
  listStaged(prefix: string): Promise<StagedUpload[]>;
}
