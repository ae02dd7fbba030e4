import { SinkkitError } from '../errors/sinkkit-error.js';

/**
 * Stable codes of storage failures. Adapters map their SDK's errors onto these in their
 * `classifyError`, so the sink handles every store the same way.
 */
export const StorageErrorCode = {
  /** Throttled (S3 SlowDown, HTTP 429/503): retriable. */
  THROTTLED: 'STORAGE_THROTTLED',
  /** Server error or broken connection (5xx, reset, timeout): retriable. */
  UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  /** Credentials rejected or permission missing (401/403): not retriable. */
  ACCESS_DENIED: 'STORAGE_ACCESS_DENIED',
  /** Bucket/container/folder missing or a request the store refuses as invalid (4xx): not retriable. */
  INVALID_REQUEST: 'STORAGE_INVALID_REQUEST',
  /** A staged upload's data is gone and its object is not final either: not retriable. */
  STAGED_UPLOAD_LOST: 'STORAGE_STAGED_UPLOAD_LOST',
  /** Anything the adapter could not classify: not retriable (retrying unknowns hides bugs). */
  UNKNOWN: 'STORAGE_UNKNOWN',
  /** The call was given up because the storage is being closed (the task stops): not retriable. */
  STOPPED: 'STORAGE_STOPPED',
} as const;

/** One of {@link StorageErrorCode}'s values. */
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

const RETRIABLE: ReadonlySet<string> = new Set([StorageErrorCode.THROTTLED, StorageErrorCode.UNAVAILABLE]);

/**
 * A classified storage failure. `retriable` follows from the code; `operation` and `key` say
 * what was being done (never credentials or signed URLs).
 */
export class StorageError extends SinkkitError {
  override name = 'StorageError';
  readonly operation: string;
  readonly key: string | undefined;

  constructor(code: StorageErrorCode, message: string, details: { operation: string; key?: string; cause?: unknown }) {
    const where = details.key === undefined ? details.operation : `${details.operation} ${details.key}`;
    super(`${where}: ${message}`, { code, retriable: RETRIABLE.has(code), cause: details.cause });
    this.operation = details.operation;
    this.key = details.key;
  }
}
