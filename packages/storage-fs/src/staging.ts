import { randomBytes } from 'node:crypto';
import { rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { STAGING_FOLDER } from './keys.js';

/**
 * Where staged data lives inside the root (same filesystem, so link works):
 * `<root>/.sinkkit-staging/uploads/<id>/<key>` holds a staged upload — the final key is the path
 * under the id, so `listStaged` recovers it after a crash with nothing else written down, for any
 * key length the final object could have — and `<root>/.sinkkit-staging/puts/<id>` the temp files
 * of create-only writes.
 */
export class StagingLayout {
  readonly folder: string;
  readonly uploads: string;
  readonly puts: string;

  constructor(root: string) {
    this.folder = join(root, STAGING_FOLDER);
    this.uploads = join(this.folder, 'uploads');
    this.puts = join(this.folder, 'puts');
  }

  /** The folder of one staged upload. */
  uploadFolder(id: string): string {
    return join(this.uploads, id);
  }

  /** The staged file of upload `id` for `key` (a valid key: see `keyPath`). */
  uploadFile(id: string, key: string): string {
    return join(this.uploads, id, ...key.split('/'));
  }
}

/**
 * Removes an upload's folder once its staged file is finalized: unlink the file, then remove the
 * now empty folders from the file's up to the upload's own, which is what `rm -r` would do after
 * reading every folder first. Anything unexpected (a stray file, a folder already gone) falls back
 * to `rm -r`. Not made durable: a staged name that a power loss brings back is an orphan, and
 * recovery aborts it without touching the final object.
 */
export async function removeUploadFolder(folder: string, file: string): Promise<void> {
  try {
    await unlink(file);
    for (let dir = dirname(file); dir.length >= folder.length; dir = dirname(dir)) await rmdir(dir);
  } catch {
    await rm(folder, { recursive: true, force: true });
  }
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;

/** A new upload or temp-file id: 128 random bits, file-name safe. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** The handle's id, after checking it is one (a forged handle must not name a path outside staging). */
export function idOf(handle: string, operation: string, key: string): string {
  if (typeof handle === 'string' && ID.test(handle)) return handle;
  throw new StorageError(
    StorageErrorCode.INVALID_REQUEST,
    `not a filesystem staging handle: ${JSON.stringify(handle)}`,
    {
      operation,
      key,
    },
  );
}

/** Whether a folder name in the uploads folder is an upload id. */
export function isId(name: string): boolean {
  return ID.test(name);
}
