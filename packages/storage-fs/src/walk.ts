import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './classify-error.js';

/**
 * The regular files under `dir`, as `/`-joined paths relative to it prefixed with `base`.
 * `enter(relativeDir)` (with a trailing `/`) decides whether to descend into a folder. A folder
 * that disappears while walking (a concurrent delete or finalize) counts as empty.
 */
export async function walkFiles(
  dir: string,
  base = '',
  enter: (relative: string) => boolean = () => true,
): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return [];
    throw error;
  }
  const found: string[] = [];
  for (const entry of entries) {
    const relative = `${base}${entry.name}`;
    if (entry.isFile()) found.push(relative);
    else if (entry.isDirectory() && enter(`${relative}/`)) {
      found.push(...(await walkFiles(join(dir, entry.name), `${relative}/`, enter)));
    }
  }
  return found;
}
