/**
 * A staged upload as the WAL records it: enough to finalize or abort it from another process
 * after a crash. Plain JSON, so it can be written into a WAL entry as it is.
 */
export interface StagedUpload {
  /** The final key the data becomes visible at. */
  readonly key: string;
  /**
   * Adapter-specific, JSON-serializable state (S3: upload id and part ETags; Azure: block ids;
   * GCS: the temporary object's name; filesystem: the temp file's name). Opaque to everyone else.
   */
  readonly handle: string;
  /** Bytes written, or -1 when unknown (only in {@link Storage.listStaged} results). */
  readonly size: number;
}

/**
 * Streams bytes into a staged upload. Data is invisible at `key` until the returned
 * {@link StagedUpload} is passed to `Storage.finalize`.
 *
 * Contract: `write` calls are sequential (await each before the next); memory is bounded by the
 * adapter (e.g. one S3 part), and `write` resolves when the bytes are accepted, applying
 * backpressure. After `close` or `abort`, the writer accepts nothing more.
 */
export interface StagedWriter {
  /** The final key. */
  readonly key: string;
  /** Bytes accepted so far. */
  readonly bytesWritten: number;
  /** Appends bytes. */
  write(chunk: Uint8Array): Promise<void>;
  /** Uploads what is buffered and returns the staged upload, ready to finalize (still invisible). */
  close(): Promise<StagedUpload>;
  /** Discards everything written. Idempotent. */
  abort(): Promise<void>;
}
