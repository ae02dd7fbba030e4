import { readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type StagedUpload,
  type StagedWriter,
  type Storage,
  type StorageCapabilities,
  StorageError,
  StorageErrorCode,
} from '@sinkkit/core';
import { classifyError, errnoOf } from './classify-error.js';
import { FsStagedWriter } from './fs-staged-writer.js';
import { keyPath, keyProblem } from './keys.js';
import { listObjects } from './list-objects.js';
import { createOnly, linkIntoPlace } from './publish.js';
import { idOf, isId, newId, parseFlatName, removeUploadFolder, StagingLayout } from './staging.js';
import { walkFiles } from './walk.js';

/** Options of {@link FsStorage}. */
export interface FsStorageOptions {
  /**
   * The folder objects live in; keys are paths under it. Created on the first write when missing.
   * Staged uploads live in its `.sinkkit-staging` folder, so they are on the same filesystem and
   * are linked into place atomically.
   */
  readonly root: string;
}

/** Errnos that mean "no object here" for a read: nothing at the path, or a folder where a file would be. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * A `Storage` on a local (or NFS-mounted) folder. Staged uploads are temp files inside the root,
 * fsynced and linked into place with `link()`, which never replaces an existing object;
 * create-only writes publish a fsynced temp file the same way.
 * Both capabilities hold: the filesystem enforces create-only writes, and staged uploads left by a
 * crashed process are found by `listStaged`. See the README for the consistency facts.
 */
export class FsStorage implements Storage {
  readonly capabilities: StorageCapabilities = { conditionalCreate: true, listStaged: true };
  /** The absolute root folder. */
  readonly root: string;
  readonly #staging: StagingLayout;

  constructor(options: FsStorageOptions) {
    const root = options?.root;
    if (typeof root !== 'string' || root.trim() === '' || root.includes('\0')) {
      throw new ConfigError({ key: 'root', value: String(root), reason: 'must be the path of a folder' });
    }
    this.root = resolve(root);
    this.#staging = new StagingLayout(this.root);
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const path = keyPath(this.root, key, 'putIfAbsent');
    try {
      return await createOnly(this.#staging.puts, path, body);
    } catch (error) {
      throw classifyError(error, 'putIfAbsent', key);
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const path = keyPath(this.root, key, 'get');
    try {
      const data = await readFile(path);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (error) {
      if (MISSING.has(errnoOf(error) ?? '')) return undefined;
      throw classifyError(error, 'get', key);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const path = keyPath(this.root, key, 'head');
    try {
      const stats = await stat(path);
      return stats.isFile() ? { key, size: stats.size, lastModified: stats.mtime } : undefined;
    } catch (error) {
      if (MISSING.has(errnoOf(error) ?? '')) return undefined;
      throw classifyError(error, 'head', key);
    }
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    try {
      return await listObjects(this.root, prefix, options);
    } catch (error) {
      throw classifyError(error, 'list', prefix);
    }
  }

  /** Unlinks the file. Empty folders stay behind: removing them would race with a concurrent write into them. */
  async delete(key: string): Promise<void> {
    const path = keyPath(this.root, key, 'delete');
    try {
      await unlink(path);
    } catch (error) {
      if (MISSING.has(errnoOf(error) ?? '')) return;
      // macOS answers EPERM for unlink() of a folder: no object there either.
      if (errnoOf(error) === 'EPERM' && (await stat(path).catch(() => undefined))?.isDirectory()) return;
      throw classifyError(error, 'delete', key);
    }
  }

  /**
   * Resolves at once: the temp file is created in the background, and a failure to create it
   * (no space, no permission) fails the writer's first `write` or its `close`.
   */
  async openStaged(key: string): Promise<StagedWriter> {
    keyPath(this.root, key, 'openStaged');
    const id = newId();
    return new FsStagedWriter({ key, id, ...this.#staging.stagedFile(id, key) });
  }

  async finalize(upload: StagedUpload): Promise<void> {
    const path = keyPath(this.root, upload.key, 'finalize');
    const id = idOf(upload.handle, 'finalize', upload.key);
    try {
      const { path: staged, size: stagedSize } = await this.#locate(id, upload.key);
      if (stagedSize !== undefined && upload.size >= 0 && stagedSize !== upload.size) {
        throw new StorageError(
          StorageErrorCode.INVALID_REQUEST,
          `the staged file has ${stagedSize} bytes, the upload says ${upload.size}: was its writer closed?`,
          { operation: 'finalize', key: upload.key },
        );
      }
      let published: 'created' | 'exists';
      try {
        published = await linkIntoPlace(staged, path);
      } catch (error) {
        if (errnoOf(error) !== 'ENOENT') throw error;
        // The staged file is gone: finalized before (by us or by another process), or lost.
        const final = await stat(path).catch(() => undefined);
        if (!final?.isFile() || (upload.size >= 0 && final.size !== upload.size)) {
          throw new StorageError(
            StorageErrorCode.STAGED_UPLOAD_LOST,
            'the staged file is gone and the object is not final',
            { operation: 'finalize', key: upload.key, cause: error },
          );
        }
        published = 'created';
      }
      if (published === 'exists') {
        // Something is at the key already: our own earlier link (a crash or a lost answer came
        // before the staged file was removed) when it has our size — then we are done — or
        // another object, which is never replaced.
        const expected = upload.size >= 0 ? upload.size : stagedSize;
        const final = await stat(path).catch(() => undefined);
        if (!final?.isFile() || final.size !== expected) {
          throw new StorageError(
            StorageErrorCode.INVALID_REQUEST,
            `another object is already at ${JSON.stringify(upload.key)} (${final?.isFile() ? `${final.size} bytes` : 'not a file'}; the upload has ${expected ?? 'an unknown number of'} bytes): it was not overwritten`,
            { operation: 'finalize', key: upload.key },
          );
        }
      }
      if (staged === this.#staging.flatFile(id, upload.key)) {
        await unlink(staged).catch((error) => {
          if (errnoOf(error) !== 'ENOENT') throw error;
        });
        // Gone before: a folder-layout leftover of the same upload may remain (nothing else does).
        if (stagedSize === undefined) await rm(this.#staging.uploadFolder(id), { recursive: true, force: true });
      } else await removeUploadFolder(this.#staging.uploadFolder(id), staged);
    } catch (error) {
      throw classifyError(error, 'finalize', upload.key);
    }
  }

  /**
   * The staged file of upload `id`: its flat file, or the folder-layout file when that is where
   * it is (a key too long for a flat name, or an upload staged by an earlier version); with its
   * size, `undefined` when neither exists (finalized before, or lost).
   */
  async #locate(id: string, key: string): Promise<{ path: string; size: number | undefined }> {
    const nested = this.#staging.uploadFile(id, key);
    const flat = this.#staging.flatFile(id, key);
    const flatSize = flat === undefined ? undefined : (await stat(flat).catch(() => undefined))?.size;
    if (flat !== undefined && flatSize !== undefined) return { path: flat, size: flatSize };
    const nestedSize = (await stat(nested).catch(() => undefined))?.size;
    return { path: nestedSize === undefined && flat !== undefined ? flat : nested, size: nestedSize };
  }

  async abortStaged(upload: StagedUpload): Promise<void> {
    keyPath(this.root, upload.key, 'abortStaged');
    const id = idOf(upload.handle, 'abortStaged', upload.key);
    const folder = this.#staging.uploadFolder(id);
    const flat = this.#staging.flatFile(id, upload.key);
    try {
      if (flat) await rm(flat, { force: true });
      await rm(this.#staging.uploadFile(id, upload.key), { force: true });
      // The folder goes when nothing else is in it (a handle paired with the wrong key deletes nothing).
      if ((await walkFiles(folder)).length === 0) await rm(folder, { recursive: true, force: true });
    } catch (error) {
      throw classifyError(error, 'abortStaged', upload.key);
    }
  }

  /** Staged files under the staging folder, with their current size; includes those a crashed process left. */
  async listStaged(prefix: string): Promise<StagedUpload[]> {
    try {
      const names = await readdir(this.#staging.uploads).catch((error) => {
        if (errnoOf(error) === 'ENOENT') return [];
        throw error;
      });
      const canMatch = (folder: string) => folder.startsWith(prefix) || prefix.startsWith(folder);
      const found: StagedUpload[] = [];
      for (const name of names) {
        const flat = parseFlatName(name);
        if (!flat?.key.startsWith(prefix) || keyProblem(flat.key) !== undefined) continue;
        const stats = await stat(join(this.#staging.uploads, name)).catch(() => undefined);
        if (stats?.isFile()) found.push({ key: flat.key, handle: flat.id, size: stats.size });
      }
      for (const id of names.filter(isId)) {
        for (const key of await walkFiles(this.#staging.uploadFolder(id), '', canMatch)) {
          if (!key.startsWith(prefix) || keyProblem(key) !== undefined) continue;
          const stats = await stat(this.#staging.uploadFile(id, key)).catch(() => undefined);
          if (stats) found.push({ key, handle: id, size: stats.size });
        }
      }
      return found.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    } catch (error) {
      throw classifyError(error, 'listStaged', prefix);
    }
  }
}
