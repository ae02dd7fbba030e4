import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { compressSync } from 'snappy';

/** The block codecs this writer produces (Avro specification, "Required/Optional Codecs"). */
export type AvroCodec = 'null' | 'deflate' | 'snappy';

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]); // "Obj" 1

/**
 * The framing of an Avro object container file, written by hand so that each block goes to the
 * sink as soon as it is full: the header (magic, metadata map with `avro.schema` and
 * `avro.codec`, a random 16-byte sync marker), then blocks of
 * `count, byteLength, compressed records, sync`.
 * See https://avro.apache.org/docs/1.11.1/specification/#object-container-files
 */
export class AvroContainer {
  readonly sync = randomBytes(16);

  constructor(
    readonly codec: AvroCodec,
    readonly deflateLevel = -1,
  ) {}

  header(schemaJson: string): Buffer {
    const meta: [string, Buffer][] = [
      ['avro.schema', Buffer.from(schemaJson, 'utf8')],
      ['avro.codec', Buffer.from(this.codec, 'utf8')],
    ];
    const parts: Buffer[] = [MAGIC, long(meta.length)];
    for (const [key, value] of meta) parts.push(bytes(Buffer.from(key, 'utf8')), bytes(value));
    parts.push(long(0), this.sync);
    return Buffer.concat(parts);
  }

  /** One block of `count` records whose concatenated encodings are `data`. */
  block(count: number, data: Buffer): Buffer {
    const body = this.#compress(data);
    return Buffer.concat([long(count), long(body.length), body, this.sync]);
  }

  #compress(data: Buffer): Buffer {
    switch (this.codec) {
      case 'null':
        return data;
      case 'deflate':
        return deflateRawSync(data, { level: this.deflateLevel });
      case 'snappy': {
        // Avro's snappy codec: a raw snappy block followed by the big-endian CRC32 of the uncompressed data.
        const checksum = Buffer.alloc(4);
        checksum.writeUInt32BE(crc32(data) >>> 0);
        return Buffer.concat([compressSync(data), checksum]);
      }
    }
  }
}

/** Avro's zig-zag varint long, for the counts and lengths of the framing (always < 2^53). */
function long(n: number): Buffer {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
  return Buffer.from(out);
}

function bytes(value: Buffer): Buffer {
  return Buffer.concat([long(value.length), value]);
}
