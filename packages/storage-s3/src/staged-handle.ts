import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** One uploaded part, as CompleteMultipartUpload wants it. */
export interface UploadedPart {
  readonly PartNumber: number;
  readonly ETag: string;
}

/**
 * What an S3 staged upload's `handle` holds: the multipart upload id and every part's ETag, so
 * another process can complete it after a crash without ListParts (which not every
 * S3-compatible server has). Parts are empty for uploads found by `listStaged` (abort only).
 */
export interface S3StagedHandle {
  readonly uploadId: string;
  readonly parts: readonly UploadedPart[];
}

/** Serializes a handle to the JSON string stored in `StagedUpload.handle`. */
export function encodeHandle(handle: S3StagedHandle): string {
  return JSON.stringify({ uploadId: handle.uploadId, parts: handle.parts });
}

/** Parses `StagedUpload.handle`; a handle that is not ours is an invalid request, not a crash. */
export function decodeHandle(text: string, operation: string, key: string): S3StagedHandle {
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
  const handle = value as Partial<S3StagedHandle> | null;
  const partsOk =
    Array.isArray(handle?.parts) &&
    handle.parts.every((p) => Number.isInteger(p?.PartNumber) && typeof p?.ETag === 'string');
  if (typeof handle?.uploadId !== 'string' || handle.uploadId === '' || !partsOk) {
    throw new StorageError(
      StorageErrorCode.INVALID_REQUEST,
      'the staged handle is not an S3 multipart handle ({ uploadId, parts: [{ PartNumber, ETag }] })',
      { operation, key },
    );
  }
  return { uploadId: handle.uploadId, parts: handle.parts as UploadedPart[] };
}
