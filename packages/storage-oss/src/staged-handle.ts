import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** One uploaded part, as ali-oss's completeMultipartUpload takes it. */
export interface UploadedPart {
  readonly number: number;
  readonly etag: string;
}

/**
 * What an OSS staged upload's `handle` holds: the multipart upload id and every part's ETag, so
 * another process can complete it after a crash without ListParts. Parts are empty for uploads
 * found by `listStaged` (those can only be aborted).
 */
export interface OssStagedHandle {
  readonly uploadId: string;
  readonly parts: readonly UploadedPart[];
}

/** Serializes a handle to the JSON string stored in `StagedUpload.handle`. */
export function encodeHandle(handle: OssStagedHandle): string {
  return JSON.stringify({ uploadId: handle.uploadId, parts: handle.parts });
}

/** Parses `StagedUpload.handle`; a handle that is not ours is an invalid request, not a crash. */
export function decodeHandle(text: string, operation: string, key: string): OssStagedHandle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StorageError(StorageErrorCode.INVALID_REQUEST, 'the staged handle is not JSON', {
      operation,
      key,
      cause: error,
    });
  }
  const handle = value as Partial<OssStagedHandle> | null;
  const partsOk =
    Array.isArray(handle?.parts) &&
    handle.parts.every((p) => Number.isInteger(p?.number) && typeof p?.etag === 'string');
  if (typeof handle?.uploadId !== 'string' || handle.uploadId === '' || !partsOk) {
    throw new StorageError(
      StorageErrorCode.INVALID_REQUEST,
      'the staged handle is not an OSS multipart handle ({ uploadId, parts: [{ number, etag }] })',
      { operation, key },
    );
  }
  return { uploadId: handle.uploadId, parts: (handle.parts as UploadedPart[]).map((p) => ({ ...p })) };
}
