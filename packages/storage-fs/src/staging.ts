import { randomBytes } from 'node:crypto';
import { rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { STAGING_FOLDER } from './keys.js';

/**
 * Where staged data lives inside the root (same filesystem, so link works). A staged upload is
 * one file directly in `<root>/.sinkkit-staging/uploads/`, named `<id>.<key, escaped>` (every
 * byte of the key outside `A-Za-z0-9._=+-` as `%XX`, so `/` is `%2F`): creating, syncing and
 * removing it touches no folder of its own, which is what makes a thousand files per commit
 * affordable. A key too long for one file name (255 bytes) stages at
 * `uploads/<id>/<key>` instead, the key's folders under the id folder. Either way `listStaged`
 * recovers the key after a crash with nothing else written down; uploads staged in the folder
 * layout by earlier versions are finalized, listed and aborted as before. Temp files of
 * create-only writes live in `<root>/.sinkkit-staging/puts/<id>`.
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

  /** Where a new upload of `key` stages: its flat file when the name fits, else its folder layout. */
  stagedFile(id: string, key: string): { path: string; folder: string | undefined } {
    const flat = this.flatFile(id, key);
    return flat ? { path: flat, folder: undefined } : { path: this.uploadFile(id, key), folder: this.uploadFolder(id) };
  }

  /** The flat staged file of upload `id` for `key`, or `undefined` when its name would be too long. */
  flatFile(id: string, key: string): string | undefined {
    const name = `${id}.${escapeKey(key)}`;
    return name.length <= MAX_NAME_BYTES ? join(this.uploads, name) : undefined;
  }

  /** The folder of one upload in the folder layout. */
  uploadFolder(id: string): string {
    return join(this.uploads, id);
  }

  /** The staged file of upload `id` for `key` in the folder layout (a valid key: see `keyPath`). */
  uploadFile(id: string, key: string): string {
    return join(this.uploads, id, ...key.split('/'));
  }
}

/** The longest file name Linux, macOS and Windows filesystems take (ASCII, so bytes = characters). */
const MAX_NAME_BYTES = 255;
const PLAIN_BYTE = /[A-Za-z0-9._=+-]/;
const PLAIN_KEY = /^[A-Za-z0-9._=+/-]*$/;

function escapeKey(key: string): string {
  // The common case (keys the sink names): only `/` to escape.
  if (PLAIN_KEY.test(key)) return key.replaceAll('/', '%2F');
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && PLAIN_BYTE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `{ id, key }` of a flat staged file's name, or `undefined` for any other name. */
export function parseFlatName(name: string): { id: string; key: string } | undefined {
  const dot = name.indexOf('.');
  if (dot < 0 || !isId(name.slice(0, dot))) return undefined;
  const escaped = name.slice(dot + 1);
  if (!/^(?:[A-Za-z0-9._=+-]|%[0-9A-F]{2})*$/.test(escaped)) return undefined;
  const bytes = Buffer.from(
    escaped.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
  let key: string;
  try {
    key = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Only the one name flatFile gives the key: another spelling (`%41` for `A`) is not an upload.
  return escapeKey(key) === escaped ? { id: name.slice(0, dot), key } : undefined;
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
