import { join, relative, sep } from 'node:path';
import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** The folder inside the root that holds staged uploads and temp files; never listed, never a key. */
export const STAGING_FOLDER = '.sinkkit-staging';

/**
 * The path of `key` under `root`, after checking that the key cannot leave the root or reach the
 * staging folder: no absolute keys, no `.` or `..` segments, no empty segments (`a//b`, `a/`), no
 * NUL, and no `\` (a separator on Windows, so the same keys work everywhere). Throws a
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
  return undefined;
}
