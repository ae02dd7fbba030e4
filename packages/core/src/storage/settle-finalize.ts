import type { StagedUpload } from './staged-writer.js';
import type { ObjectInfo } from './storage.js';
import { StorageError, StorageErrorCode } from './storage-error.js';

/** How a store answered the request that publishes a staged upload (complete multipart, commit…). */
export type FinalizeOutcome = 'completed' | 'key taken' | 'upload gone';

/** True when `object` is there with the upload's size (any size when the size is unknown, -1). */
export function hasUploadSize(object: ObjectInfo | undefined, upload: StagedUpload): boolean {
  return object !== undefined && (upload.size < 0 || object.size === upload.size);
}

/**
 * Turns a finalize outcome other than `'completed'` into the contract's answer, the same way for
 * every store: the object at the key with the upload's size means an earlier attempt (ours, or a
 * crashed process's) finished it — done, and our leftover upload is aborted; another object at
 * the key is never overwritten (`INVALID_REQUEST`); an upload gone with no such object is
 * `STAGED_UPLOAD_LOST`. `staged` names the upload in messages (e.g. `multipart upload ID`).
 */
export async function settleFinalize(
  outcome: FinalizeOutcome,
  upload: StagedUpload,
  staged: string,
  store: { head(key: string): Promise<ObjectInfo | undefined>; abortStaged(upload: StagedUpload): Promise<void> },
): Promise<void> {
  if (outcome === 'completed') return;
  const { key } = upload;
  const object = await store.head(key);
  const ours = hasUploadSize(object, upload);
  if (outcome === 'key taken') {
    if (!ours) {
      throw new StorageError(
        StorageErrorCode.INVALID_REQUEST,
        `another object (${object?.size ?? 'unknown'} bytes, expected ${upload.size}) is already at the key; it was not overwritten`,
        { operation: 'finalize', key },
      );
    }
    // The object is final; our upload (if it still exists) only costs storage now.
    await store.abortStaged(upload).catch(() => {});
    return;
  }
  if (!ours) {
    throw new StorageError(
      StorageErrorCode.STAGED_UPLOAD_LOST,
      `${staged} no longer exists and the object is ${object ? `${object.size} bytes, expected ${upload.size}` : 'missing'}`,
      { operation: 'finalize', key },
    );
  }
}
