import { createGzip, type Gzip } from 'node:zlib';
import type { ByteSink } from '@sinkkit/core';

/**
 * A {@link ByteSink} that gzips what it is given and forwards the compressed bytes to `out` as
 * they come: one gzip stream per file (not one member per chunk), so every gzip reader,
 * including those that stop at the first member, reads the whole file.
 */
export class GzipSink implements ByteSink {
  readonly #out: ByteSink;
  readonly #gzip: Gzip;
  #compressed: Buffer[] = [];
  #compressedBytes = 0;
  #failure: Error | undefined;

  constructor(out: ByteSink, level: number) {
    this.#out = out;
    this.#gzip = createGzip({ level });
    this.#gzip.on('data', (chunk: Buffer) => {
      this.#compressed.push(chunk);
      this.#compressedBytes += chunk.length;
    });
    this.#gzip.on('error', (error) => {
      this.#failure = error;
    });
  }

  /**
   * Compressed bytes not yet forwarded, plus zlib's own state (window and pending output),
   * counted as a constant: what the memory budget sees.
   */
  get bufferedBytes(): number {
    return this.#compressedBytes + ZLIB_STATE_BYTES;
  }

  async write(chunk: Uint8Array): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.#gzip.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
    await this.#forward();
  }

  /** Writes the gzip trailer and forwards everything. */
  async end(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#gzip.once('end', resolve);
      this.#gzip.once('error', reject);
      this.#gzip.end();
    });
    await this.#forward();
  }

  /** Releases zlib's memory without writing anything more. */
  destroy(): void {
    this.#gzip.destroy();
    this.#compressed = [];
    this.#compressedBytes = 0;
  }

  async #forward(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#compressedBytes === 0) return;
    const bytes = Buffer.concat(this.#compressed, this.#compressedBytes);
    this.#compressed = [];
    this.#compressedBytes = 0;
    await this.#out.write(bytes);
  }
}

// zlib's deflate state at the default memLevel/windowBits is about 256 KiB + 128 KiB.
const ZLIB_STATE_BYTES = 384 * 1024;
