import type { ByteSink, RecordWriter, SinkRecord } from '@sinkkit/core';
import { GzipSink } from './gzip-sink.js';

/** Bytes gathered before they are handed to the sink: big enough to amortise the await, small enough to bound memory. */
export const DEFAULT_FLUSH_BYTES = 64 * 1024;

const NO_SEPARATOR = new Uint8Array(0);

/** The first chunk's size; it doubles (up to the flush size) while a file's records need more. */
const FIRST_CHUNK_BYTES = 4 * 1024;

/** How a {@link BufferedRecordWriter} compresses. */
export interface Compression {
  readonly type: 'none' | 'gzip';
  /** zlib level, -1 (default) to 9. */
  readonly level: number;
}

/**
 * The streaming part every line-oriented format shares: records are encoded into a chunk of up to
 * `flushBytes`, handed to the sink (through gzip when configured) when the next record does not
 * fit, so a file of any size holds at most `flushBytes` (plus zlib's state) in memory.
 *
 * The chunk holds bytes, not the encoded strings: a record's text is copied in as UTF-8 at once
 * and dies young, which the garbage collector reclaims almost for free, where strings held until
 * the flush survived collections and were copied by each.
 */
export abstract class BufferedRecordWriter implements RecordWriter {
  readonly #sink: ByteSink;
  readonly #gzip: GzipSink | undefined;
  readonly #flushBytes: number;
  #chunk: Buffer | undefined;
  #chunkBytes: number;
  #bytes = 0;

  constructor(out: ByteSink, compression: Compression, flushBytes = DEFAULT_FLUSH_BYTES) {
    this.#gzip = compression.type === 'gzip' ? new GzipSink(out, compression.level) : undefined;
    this.#sink = this.#gzip ?? out;
    this.#flushBytes = flushBytes;
    this.#chunkBytes = Math.min(FIRST_CHUNK_BYTES, flushBytes);
  }

  /** The record's bytes in the file (a string is written as UTF-8). */
  protected abstract encode(record: SinkRecord): string | Uint8Array;

  /**
   * Bytes written after every record (e.g. `\n` for JSON lines). Copied in after the encoding,
   * so `encode` need not build a second string with the separator appended.
   */
  protected readonly separator: Uint8Array = NO_SEPARATOR;

  /**
   * Optional fast path: writes the record's bytes straight into `chunk` from `at`, ending before
   * `end`, and returns where they end; or returns -1, having written nothing that counts, when
   * they might not fit or the record needs {@link encode}. Default: always -1.
   */
  protected encodeInto(_record: SinkRecord, _chunk: Buffer, _at: number, _end: number): number {
    return -1;
  }

  get bufferedBytes(): number {
    return this.#bytes + (this.#gzip?.bufferedBytes ?? 0);
  }

  write(record: SinkRecord): Promise<void> | undefined {
    const separator = this.separator;
    const chunk = this.#chunk;
    if (chunk) {
      const end = this.encodeInto(record, chunk, this.#bytes, chunk.length - separator.length);
      if (end >= 0) {
        this.#bytes = end;
        this.#copyIn(separator);
        return undefined;
      }
    }
    const encoded = this.encode(record);
    // A UTF-16 unit is at most 3 bytes of UTF-8: a string sure to fit is written in place, uncounted.
    if (typeof encoded === 'string' && this.#reserve(encoded.length * 3 + separator.length)) {
      this.#bytes += (this.#chunk as Buffer).write(encoded, this.#bytes);
      this.#copyIn(separator);
      return undefined;
    }
    const bytes = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
    const appending = this.#append(bytes);
    if (separator.length === 0) return appending;
    return appending ? appending.then(() => this.#append(separator)) : this.#append(separator);
  }

  async commit(): Promise<void> {
    await this.#flush();
    await this.#gzip?.end();
  }

  abort(): void {
    this.#chunk = undefined;
    this.#bytes = 0;
    this.#gzip?.destroy();
  }

  #append(bytes: Uint8Array): Promise<void> | undefined {
    if (!this.#reserve(bytes.byteLength)) return this.#flushThenAppend(bytes);
    this.#copyIn(bytes);
    return undefined;
  }

  async #flushThenAppend(bytes: Uint8Array): Promise<void> {
    await this.#flush();
    if (this.#reserve(bytes.byteLength)) this.#copyIn(bytes);
    else await this.#sink.write(bytes); // bigger than a chunk: handed over on its own
  }

  #copyIn(bytes: Uint8Array): void {
    const chunk = this.#chunk as Buffer;
    // A separator's byte or two: a loop is cheaper than a call into `set`.
    if (bytes.length <= 2) for (let i = 0; i < bytes.length; i++) chunk[this.#bytes++] = bytes[i] as number;
    else {
      chunk.set(bytes, this.#bytes);
      this.#bytes += bytes.byteLength;
    }
  }

  /** Makes the chunk hold `more` bytes beyond those it has (allocating or growing it up to `flushBytes`); false if it cannot. */
  #reserve(more: number): boolean {
    const needed = this.#bytes + more;
    if (this.#chunk && needed <= this.#chunk.length) return true;
    if (needed > this.#flushBytes) return false;
    while (this.#chunkBytes < needed) this.#chunkBytes = Math.min(this.#chunkBytes * 2, this.#flushBytes);
    const chunk = Buffer.allocUnsafe(this.#chunkBytes);
    this.#chunk?.copy(chunk, 0, 0, this.#bytes);
    this.#chunk = chunk;
    return true;
  }

  async #flush(): Promise<void> {
    if (this.#bytes === 0 || !this.#chunk) return;
    // The sink may keep the bytes it was handed: the next records go into a new chunk.
    const bytes = this.#chunk.subarray(0, this.#bytes);
    this.#chunk = undefined;
    this.#bytes = 0;
    await this.#sink.write(bytes);
  }
}
