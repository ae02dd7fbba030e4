import { StorageError, StorageErrorCode } from '@sinkkit/core';

/**
 * errno → storage error code. Decisions worth knowing:
 * - ENOSPC and EDQUOT are retriable (UNAVAILABLE): space comes back when files are moved away or
 *   old WAL entries are trimmed, and retrying is safe because nothing becomes visible before the
 *   link that publishes it.
 * - EIO is *not* retriable (UNKNOWN): it means the device failed, and after a failed `fsync` Linux
 *   may drop the dirty pages and report the next `fsync` as a success over data that is gone
 *   (PostgreSQL's "fsyncgate", 2018). Failing the task is the safe answer: the staged data was never
 *   committed, so recovery aborts it and Kafka delivers the records again.
 * - ENOENT, ENOTDIR, EISDIR, ENAMETOOLONG are requests the filesystem refuses (INVALID_REQUEST): a
 *   missing folder where a store would say "no such bucket", a key that needs a folder where a
 *   file is (`a` and `a/b` cannot both be objects), a name too long for the filesystem.
 */
const CODES: Readonly<Record<string, StorageErrorCode>> = {
  EACCES: StorageErrorCode.ACCESS_DENIED,
  EPERM: StorageErrorCode.ACCESS_DENIED,
  EROFS: StorageErrorCode.ACCESS_DENIED,
  ENOSPC: StorageErrorCode.UNAVAILABLE,
  EDQUOT: StorageErrorCode.UNAVAILABLE,
  EMFILE: StorageErrorCode.UNAVAILABLE,
  ENFILE: StorageErrorCode.UNAVAILABLE,
  EAGAIN: StorageErrorCode.UNAVAILABLE,
  EBUSY: StorageErrorCode.UNAVAILABLE,
  EINTR: StorageErrorCode.UNAVAILABLE,
  ETIMEDOUT: StorageErrorCode.UNAVAILABLE,
  // A network filesystem (NFS) whose server restarted or moved the file handle.
  ESTALE: StorageErrorCode.UNAVAILABLE,
  EIO: StorageErrorCode.UNKNOWN,
  ENOENT: StorageErrorCode.INVALID_REQUEST,
  ENOTDIR: StorageErrorCode.INVALID_REQUEST,
  EISDIR: StorageErrorCode.INVALID_REQUEST,
  ENAMETOOLONG: StorageErrorCode.INVALID_REQUEST,
  ELOOP: StorageErrorCode.INVALID_REQUEST,
  EINVAL: StorageErrorCode.INVALID_REQUEST,
  EEXIST: StorageErrorCode.INVALID_REQUEST,
  ENOTEMPTY: StorageErrorCode.INVALID_REQUEST,
  EXDEV: StorageErrorCode.INVALID_REQUEST,
  EMLINK: StorageErrorCode.INVALID_REQUEST,
  ENOTSUP: StorageErrorCode.INVALID_REQUEST,
  EOPNOTSUPP: StorageErrorCode.INVALID_REQUEST,
};

/**
 * Turns a Node `fs` error (or anything thrown) into a {@link StorageError}; a `StorageError`
 * passes through unchanged. Errors without a known errno are UNKNOWN, not retriable.
 */
export function classifyError(error: unknown, operation: string, key?: string): StorageError {
  if (error instanceof StorageError) return error;
  const errno = errnoOf(error);
  const code = (errno && CODES[errno]) || StorageErrorCode.UNKNOWN;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(code, message, { operation, key, cause: error });
}

/** The `code` of a Node system error (`'ENOENT'`, …), if it has one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
