import { randomBytes } from 'node:crypto';
import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** Azure allows at most 50 000 blocks per blob. */
export const MAX_BLOCKS = 50_000;

/** The upload id of handles returned by `listStaged`: every uncommitted block of the blob. */
export const ANY_UPLOAD = '*';

/**
 * What an Azure staged upload's `handle` holds: the upload's id and every staged block's id, in
 * order, so another process can commit them after a crash. Handles from `listStaged` have the
 * upload id `*` and no block ids: they can only be aborted.
 */
export interface AzureStagedHandle {
  readonly uploadId: string;
  readonly blockIds: readonly string[];
}

/** A fresh upload id: 24 hex characters. */
export function newUploadId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * The id of block `sequence` (0-based) of `uploadId`: base64 of `<uploadId>-<sequence, 6 digits>`.
 * Azure wants every block id of a blob to have the same length, also across uploads to one key
 * (a zombie and its successor may stage the same key): every id here is 31 bytes before encoding.
 */
export function blockId(uploadId: string, sequence: number): string {
  return Buffer.from(`${uploadId}-${String(sequence).padStart(6, '0')}`).toString('base64');
}

/** The upload id a block id belongs to, or `undefined` for a block some other writer staged. */
export function uploadIdOf(id: string): string | undefined {
  const text = Buffer.from(id, 'base64').toString('latin1');
  return /^[0-9a-f]{24}-\d{6}$/.test(text) ? text.slice(0, 24) : undefined;
}

/** Serializes a handle to the JSON string stored in `StagedUpload.handle`. */
export function encodeHandle(handle: AzureStagedHandle): string {
  return JSON.stringify({ uploadId: handle.uploadId, blockIds: handle.blockIds });
}

/** Parses `StagedUpload.handle`; a handle that is not ours is an invalid request, not a crash. */
export function decodeHandle(text: string, operation: string, key: string): AzureStagedHandle {
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
  const handle = value as Partial<AzureStagedHandle> | null;
  const idsOk = Array.isArray(handle?.blockIds) && handle.blockIds.every((id) => typeof id === 'string' && id !== '');
  if (typeof handle?.uploadId !== 'string' || handle.uploadId === '' || !idsOk) {
    throw new StorageError(
      StorageErrorCode.INVALID_REQUEST,
      'the staged handle is not an Azure staged-blocks handle ({ uploadId, blockIds: [string] })',
      { operation, key },
    );
  }
  return { uploadId: handle.uploadId, blockIds: handle.blockIds as string[] };
}
