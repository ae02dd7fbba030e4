import type { FileHandle } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type StagedUpload, type StagedWriter, StorageError, StorageErrorCode } from '@sinkkit/core';
import { classifyError } from './classify-error.js';
import { fsyncUpTo } from './durable.js';

/** Where a staged file lives and which folders `openStaged` created for it (to fsync at close). */
export interface StagedFile {
  readonly key: string;
  readonly id: string;
  readonly path: string;
  readonly folder: string;
  /** The highest folder whose entry is new (its parent needs an fsync), or the file's own folder. */
  readonly syncUpTo: string;
}

/**
 * Writes a staged upload into its temp file. Each `write` is all or nothing: bytes go to explicit
 * positions, and a failed write is truncated away, so retrying it cannot duplicate data. `close`
 * makes the file and the folders leading to it durable before it hands out the upload: the WAL
 * entry that references the upload is written right after, and must not point at data a power
 * loss could take back.
 */
export class FsStagedWriter implements StagedWriter {
  readonly key: string;
  #bytesWritten = 0;
  #state: 'open' | 'closed' | 'aborted' | 'broken' = 'open';
  readonly #file: StagedFile;
  readonly #handle: FileHandle;

  constructor(file: StagedFile, handle: FileHandle) {
    this.key = file.key;
    this.#file = file;
    this.#handle = handle;
  }

  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#expectOpen('write');
    const start = this.#bytesWritten;
    let done = 0;
    try {
      while (done < chunk.byteLength) {
        const { bytesWritten } = await this.#handle.write(chunk, done, chunk.byteLength - done, start + done);
        done += bytesWritten;
      }
    } catch (error) {
      await this.#handle.truncate(start).catch(() => {
        this.#state = 'broken';
      });
      throw classifyError(error, 'write', this.key);
    }
    this.#bytesWritten = start + done;
  }

  async close(): Promise<StagedUpload> {
    this.#expectOpen('close');
    try {
      await this.#handle.sync();
      await this.#handle.close();
      this.#state = 'closed';
      await fsyncUpTo(dirname(this.#file.path), this.#file.syncUpTo);
    } catch (error) {
      throw classifyError(error, 'close', this.key);
    }
    return { key: this.key, handle: this.#file.id, size: this.#bytesWritten };
  }

  async abort(): Promise<void> {
    if (this.#state === 'aborted') return;
    const wasClosed = this.#state === 'closed';
    this.#state = 'aborted';
    try {
      if (!wasClosed) await this.#handle.close().catch(() => {});
      // After close too: the staged data goes, a finalized object stays (it is no longer in the folder).
      await rm(this.#file.folder, { recursive: true, force: true });
    } catch (error) {
      throw classifyError(error, 'abort', this.key);
    }
  }

  #expectOpen(operation: string): void {
    if (this.#state === 'open') return;
    const why =
      this.#state === 'broken'
        ? 'a failed write could not be undone; abort it and start again'
        : `it is ${this.#state}`;
    throw new StorageError(StorageErrorCode.INVALID_REQUEST, `the staged writer accepts nothing more: ${why}`, {
      operation,
      key: this.key,
    });
  }
}
