import { join, relative, sep } from 'node:path';
import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** Longest file or folder name (one key segment) of ext4, XFS, APFS and NTFS, in bytes. */
export const MAX_SEGMENT_BYTES = 255;

/** The folder inside the root that holds staged uploads and temp files; never listed, never a key. */
export const STAGING_FOLDER = '.sinkkit-staging';

/**
 * The path of `key` under `root`, after checking that the key cannot leave the root or reach the
 * staging folder: no absolute keys, no `.` or `..` segments, no empty segments (`a//b`, `a/`), no
 * NUL, no `\` (a separator on Windows, so the same keys work everywhere), and no segment over
 * 255 bytes (the filesystem would answer ENAMETOOLONG, and only after the data was staged). Throws a
 * `StorageError` INVALID_REQUEST saying which rule the key breaks.
 */
export function keyPath(root: string, key: string, operation: string): string {
  const problem = keyProblem(key);
  if (problem) throw new StorageError(StorageErrorCode.INVALID_REQUEST, `invalid key: ${problem}`, { operation, key });
  const path = join(root, ...key.split('/'));
  // Belt and braces: whatever the rules above missed, the path must stay inside the root.
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
    throw new StorageError(StorageErrorCode.INVALID_REQUEST, 'invalid key: it leaves the root', { operation, key });
  }
  return path;
}

/** Why `key` is not a valid key, or `undefined` when it is. */
export function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'it is empty';
  if (key.includes('\0')) return 'it contains NUL';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/')) return 'it is absolute';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '')) return 'it has an empty segment (// or a trailing /)';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'it has a . or .. segment';
  if (segments[0] === STAGING_FOLDER) return `${STAGING_FOLDER} is reserved for staged uploads`;
  if (segments.some((segment) => Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES)) {
    return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes, the longest file or folder name filesystems take`;
  }
  return undefined;
}
