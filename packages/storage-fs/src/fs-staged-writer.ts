import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type StagedUpload, type StagedWriter, StorageError, StorageErrorCode } from '@sinkkit/core';
import { classifyError, errnoOf } from './classify-error.js';
import { fsyncUpTo } from './durable.js';

/** Where a staged file lives. */
export interface StagedFile {
  readonly key: string;
  readonly id: string;
  readonly path: string;
  /** The upload's own folder in the folder layout (everything in it goes on abort); `undefined` for a flat file. */
  readonly folder: string | undefined;
}

/** The open temp file, and the highest folder whose entry is new (its parent needs an fsync). */
interface Opened {
  readonly handle: FileHandle;
  readonly syncUpTo: string;
}

/**
 * Writes a staged upload into its temp file, without making its caller wait for the filesystem
 * where it need not: the file is created in the background (`openStaged` only starts it), and
 * chunks are written one in flight at a time — `write` waits for the previous chunk (or the
 * creation) to finish, starts writing this one and resolves, so the caller encodes the next
 * chunk while the filesystem works (the S3 writer does the same with its parts). Bytes go to
 * explicit positions; a write that fails is truncated away and, like a failed creation, fails the
 * next `write` or `close`; the writer then accepts nothing more (abort it and start again):
 * nothing was committed, so the sink starts the batch over from Kafka. `close` makes the file and
 * the folders leading to it durable before it hands out the upload: the WAL entry that references
 * the upload is written right after, and must not point at data a power loss could take back.
 */
export class FsStagedWriter implements StagedWriter {
  readonly key: string;
  #bytesWritten = 0;
  #state: 'open' | 'closed' | 'aborted' | 'broken' = 'open';
  readonly #file: StagedFile;
  #opened: Opened | undefined;
  /** The creation of the file or the chunk being written; never rejects (a failure lands in `#failure`). */
  #inFlight: Promise<void> | undefined;
  #failure: StorageError | undefined;

  constructor(file: StagedFile) {
    this.key = file.key;
    this.#file = file;
    this.#inFlight = createFile(file.path).then(
      (opened) => {
        this.#opened = opened;
      },
      (error) => {
        this.#failure = classifyError(error, 'openStaged', file.key);
      },
    );
  }

  /** Bytes accepted so far, including the chunk still being written. */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#expectOpen('write');
    const { handle } = await this.#settle();
    const start = this.#bytesWritten;
    this.#bytesWritten = start + chunk.byteLength;
    // A copy: the caller may reuse its buffer once `write` resolves, while this chunk is still being written.
    this.#inFlight = this.#writeAt(handle, Buffer.from(chunk), start);
  }

  async close(): Promise<StagedUpload> {
    this.#expectOpen('close');
    const { handle, syncUpTo } = await this.#settle();
    try {
      // The file's data and the folders' entries are independent: both only have to be durable
      // before the upload is handed out.
      await Promise.all([handle.sync(), fsyncUpTo(dirname(this.#file.path), syncUpTo)]);
      await handle.close();
      this.#state = 'closed';
    } catch (error) {
      throw classifyError(error, 'close', this.key);
    }
    return { key: this.key, handle: this.#file.id, size: this.#bytesWritten };
  }

  async abort(): Promise<void> {
    if (this.#state === 'aborted') return;
    const wasClosed = this.#state === 'closed';
    this.#state = 'aborted';
    await this.#inFlight;
    // Never created: at most some of its folders exist, which hold no staged data.
    if (!this.#opened) return this.#remove().catch(() => {});
    try {
      if (!wasClosed) await this.#opened.handle.close().catch(() => {});
      // After close too: the staged name goes, a finalized object stays (its own name is elsewhere).
      await this.#remove();
    } catch (error) {
      throw classifyError(error, 'abort', this.key);
    }
  }

  #remove(): Promise<void> {
    const { folder, path } = this.#file;
    return rm(folder ?? path, { recursive: folder !== undefined, force: true });
  }

  async #writeAt(handle: FileHandle, chunk: Uint8Array, start: number): Promise<void> {
    let done = 0;
    try {
      while (done < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.byteLength - done, start + done);
        done += bytesWritten;
      }
    } catch (error) {
      await handle.truncate(start).catch(() => {});
      this.#failure = classifyError(error, 'write', this.key);
    }
  }

  /** Waits for what is in flight; throws its failure, after which the writer is broken. */
  async #settle(): Promise<Opened> {
    await this.#inFlight;
    this.#inFlight = undefined;
    if (this.#failure || !this.#opened) {
      this.#state = 'broken';
      throw this.#failure;
    }
    return this.#opened;
  }

  #expectOpen(operation: string): void {
    if (this.#state === 'open') return;
    const why = this.#state === 'broken' ? 'a write failed; abort it and start again' : `it is ${this.#state}`;
    throw new StorageError(StorageErrorCode.INVALID_REQUEST, `the staged writer accepts nothing more: ${why}`, {
      operation,
      key: this.key,
    });
  }
}

/** Creates the staged file (never replacing one), and its folders when they are missing. */
async function createFile(path: string): Promise<Opened> {
  try {
    // Usually the folder is there (flat uploads share it): one call, not a mkdir first.
    return { handle: await open(path, 'wx'), syncUpTo: dirname(path) };
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
  const first = await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'wx');
  return { handle, syncUpTo: first === undefined ? dirname(path) : dirname(first) };
}
