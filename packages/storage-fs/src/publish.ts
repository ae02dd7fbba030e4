import { link, open, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoOf } from './classify-error.js';
import { fsyncDirectory, mkdirDurable } from './durable.js';
import { newId } from './staging.js';

/**
 * Create-only write. The body goes to a temp file first (opened with `wx`, i.e. O_CREAT|O_EXCL, so
 * it never clobbers another writer's file), is fsynced, and is then published with `link()`,
 * which creates the final name atomically and fails with EEXIST when it is taken — on local
 * filesystems and on NFS alike (the classic NFS-safe lock). Opening the final name with `wx` and
 * writing into it would also be create-only, but a crash mid-write would leave a half-written WAL
 * entry visible under its final name, and every later attempt would see "exists". With the link,
 * readers see all of the entry or nothing.
 */
export async function createOnly(tempFolder: string, path: string, body: Uint8Array): Promise<'created' | 'exists'> {
  await mkdirDurable(tempFolder);
  const temp = join(tempFolder, newId());
  const handle = await open(temp, 'wx');
  try {
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await mkdirDurable(dirname(path));
    try {
      await link(temp, path);
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') return 'exists';
      throw error;
    }
    await fsyncDirectory(dirname(path));
    return 'created';
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Publishes a staged file at its final path without ever replacing what is there: create the
 * folders, `link()` — which creates the final name atomically (a reader opens the complete file
 * or finds none) and fails with EEXIST when the name is taken — then fsync the folder so the new
 * name survives a power loss. Resolves `'exists'` when the name was taken, leaving that file
 * alone. The staged name stays: its caller removes it, so a crash in between leaves both names on
 * one file, which a retried finalize or an abort sorts out.
 *
 * The data is not fsynced again here: only a closed upload can be finalized (the WAL lists only
 * uploads `close()` returned, and recovery aborts every other staged file), and `close()` fsynced
 * the file and its folders before it returned the upload. Concurrent publications into one folder
 * share its fsyncs (see `fsyncDirectory`).
 */
export async function linkIntoPlace(staged: string, path: string): Promise<'created' | 'exists'> {
  await mkdirDurable(dirname(path));
  try {
    await link(staged, path);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return 'exists';
    throw error;
  }
  await fsyncDirectory(dirname(path));
  return 'created';
}
