import type { ByteSink, RecordWriter, SinkRecord } from '@sinkkit/core';
import { GzipSink } from './gzip-sink.js';

/** Bytes gathered before they are handed to the sink: big enough to amortise the await, small enough to bound memory. */
export const DEFAULT_FLUSH_BYTES = 64 * 1024;

/** How a {@link BufferedRecordWriter} compresses. */
export interface Compression {
  readonly type: 'none' | 'gzip';
  /** zlib level, -1 (default) to 9. */
  readonly level: number;
}

/**
 * The streaming part every line-oriented format shares: encoded records are gathered up to
 * `flushBytes`, then handed to the sink (through gzip when configured), so a file of any size
 * holds at most about `flushBytes` (plus zlib's state) in memory.
 */
export abstract class BufferedRecordWriter implements RecordWriter {
  readonly #sink: ByteSink;
  readonly #gzip: GzipSink | undefined;
  readonly #flushBytes: number;
  #parts: (string | Uint8Array)[] = [];
  #bytes = 0;

  constructor(out: ByteSink, compression: Compression, flushBytes = DEFAULT_FLUSH_BYTES) {
    this.#gzip = compression.type === 'gzip' ? new GzipSink(out, compression.level) : undefined;
    this.#sink = this.#gzip ?? out;
    this.#flushBytes = flushBytes;
  }

  /** The record's bytes in the file (a string is written as UTF-8). */
  protected abstract encode(record: SinkRecord): string | Uint8Array;

  get bufferedBytes(): number {
    return this.#bytes + (this.#gzip?.bufferedBytes ?? 0);
  }

  write(record: SinkRecord): Promise<void> | undefined {
    const encoded = this.encode(record);
    this.#parts.push(encoded);
    // String length under-counts multi-byte UTF-8 by at most 3x, within one flush's worth.
    this.#bytes += encoded.length;
    return this.#bytes >= this.#flushBytes ? this.#flush() : undefined;
  }

  async commit(): Promise<void> {
    await this.#flush();
    await this.#gzip?.end();
  }

  abort(): void {
    this.#parts = [];
    this.#bytes = 0;
    this.#gzip?.destroy();
  }

  async #flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const parts = this.#parts;
    this.#parts = [];
    this.#bytes = 0;
    const bytes = parts.every((p) => typeof p === 'string')
      ? Buffer.from(parts.join(''), 'utf8')
      : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    await this.#sink.write(bytes);
  }
}
