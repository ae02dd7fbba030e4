import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListOptions, ListPage, ObjectInfo } from '@sinkkit/core';
import { errnoOf } from './classify-error.js';
import { keyProblem, STAGING_FOLDER } from './keys.js';
import { walkFiles } from './walk.js';

const DEFAULT_PAGE_SIZE = 1000;

/**
 * One page of the files under `root` whose key starts with `prefix`, in UTF-8 byte order. The
 * walk starts at the deepest folder the prefix names and only enters folders that can hold
 * matching keys; the page token is the last key returned (base64url), so a page never repeats or
 * skips a key that exists throughout, whatever changes between pages.
 */
export async function listObjects(root: string, prefix: string, options: ListOptions = {}): Promise<ListPage> {
  const folderPart = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  // A prefix whose folders no valid key can have (`../`, `a//`) matches nothing.
  if (folderPart !== '' && keyProblem(folderPart.slice(0, -1)) !== undefined) return { objects: [] };
  const start = folderPart === '' ? root : join(root, ...folderPart.slice(0, -1).split('/'));
  const canMatch = (folder: string) =>
    folder !== `${STAGING_FOLDER}/` && (folder.startsWith(prefix) || prefix.startsWith(folder));

  const after = options.pageToken === undefined ? undefined : Buffer.from(options.pageToken, 'base64url');
  const keys = (await walkFiles(start, folderPart, canMatch))
    .filter((key) => key.startsWith(prefix))
    .map((key) => ({ key, utf8: Buffer.from(key, 'utf8') }))
    .filter(({ utf8 }) => after === undefined || Buffer.compare(utf8, after) > 0)
    .sort((a, b) => Buffer.compare(a.utf8, b.utf8));

  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const page = keys.slice(0, pageSize);
  const objects = (await Promise.all(page.map(({ key }) => info(root, key)))).filter(
    (object): object is ObjectInfo => object !== undefined,
  );
  const last = page.at(-1);
  return keys.length > pageSize && last ? { objects, nextPageToken: last.utf8.toString('base64url') } : { objects };
}

/** The object's size and time, or `undefined` when it went away since the walk. */
async function info(root: string, key: string): Promise<ObjectInfo | undefined> {
  try {
    const stats = await stat(join(root, ...key.split('/')));
    return { key, size: stats.size, lastModified: stats.mtime };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}
