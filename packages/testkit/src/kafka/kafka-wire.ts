// The few pieces of the Kafka wire protocol a front in front of the test cluster needs
// (https://kafka.apache.org/protocol#protocol_messages): size-prefixed frames, request headers
// v1, and the non-flexible versions of ApiVersions, Metadata, SaslHandshake and SaslAuthenticate
// that kafkajs 2.2 sends.

/** API keys the front reads or answers. */
export const WireApi = { Metadata: 3, SaslHandshake: 17, ApiVersions: 18, SaslAuthenticate: 36 } as const;

/** Splits a byte stream into Kafka frames (int32 size, then that many bytes). */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Adds `chunk` and returns every frame it completes (without the size prefix). */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: Buffer[] = [];
    while (this.#pending.length >= 4) {
      const size = this.#pending.readInt32BE(0);
      if (size < 0 || this.#pending.length < 4 + size) break;
      frames.push(this.#pending.subarray(4, 4 + size));
      this.#pending = this.#pending.subarray(4 + size);
    }
    return frames;
  }
}

/** A request's header (v1: key, version, correlation id, client id) and where its body starts. */
export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly bodyOffset: number;
}

export function readRequestHeader(frame: Buffer): RequestHeader {
  const clientIdLength = frame.readInt16BE(8);
  return {
    apiKey: frame.readInt16BE(0),
    apiVersion: frame.readInt16BE(2),
    correlationId: frame.readInt32BE(4),
    bodyOffset: 10 + Math.max(0, clientIdLength),
  };
}

/** A size-prefixed response frame: correlation id, then `body`. */
export function responseFrame(correlationId: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(4 + body.length, 0);
  head.writeInt32BE(correlationId, 4);
  return Buffer.concat([head, body]);
}

/** Writes Kafka primitives into a growing buffer. */
export class WireWriter {
  readonly #parts: Buffer[] = [];

  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.#parts.push(b);
    return this;
  }

  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.#parts.push(b);
    return this;
  }

  int64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.#parts.push(b);
    return this;
  }

  /** A nullable string (int16 length, -1 for null). */
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const bytes = Buffer.from(v, 'utf8');
    return this.int16(bytes.length).raw(bytes);
  }

  /** Bytes (int32 length). */
  bytes(v: Buffer): this {
    return this.int32(v.length).raw(v);
  }

  raw(v: Buffer): this {
    this.#parts.push(v);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** Reads Kafka primitives from a buffer. */
export class WireReader {
  constructor(
    readonly buffer: Buffer,
    public offset = 0,
  ) {}

  int16(): number {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const v = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return v;
  }

  bytes(): Buffer {
    const length = this.int32();
    const v = this.buffer.subarray(this.offset, this.offset + Math.max(0, length));
    this.offset += Math.max(0, length);
    return v;
  }

  rest(): Buffer {
    return this.buffer.subarray(this.offset);
  }
}

/**
 * A Metadata response body (v0–v8) with every broker's host and port replaced by `advertise`
 * (by node id; brokers it does not know stay as they are), so clients come back through the front.
 */
export function rewriteMetadata(
  body: Buffer,
  version: number,
  advertise: (nodeId: number) => { host: string; port: number } | undefined,
): Buffer {
  const r = new WireReader(body);
  const w = new WireWriter();
  if (version >= 3) w.int32(r.int32()); // throttle_time_ms
  const count = r.int32();
  w.int32(count);
  for (let i = 0; i < count; i++) {
    const nodeId = r.int32();
    const host = r.string();
    const port = r.int32();
    const to = advertise(nodeId);
    w.int32(nodeId)
      .string(to?.host ?? host)
      .int32(to?.port ?? port);
    if (version >= 1) w.string(r.string()); // rack
  }
  return w.raw(r.rest()).toBuffer();
}

/** An ApiVersions response body (v0–v2) that also offers SaslHandshake and SaslAuthenticate v0–v1. */
export function addSaslApis(body: Buffer, version: number): Buffer {
  const r = new WireReader(body);
  const errorCode = r.int16();
  const count = r.int32();
  const apis: [number, number, number][] = [];
  for (let i = 0; i < count; i++) apis.push([r.int16(), r.int16(), r.int16()]);
  const others = apis.filter(([key]) => key !== WireApi.SaslHandshake && key !== WireApi.SaslAuthenticate);
  others.push([WireApi.SaslHandshake, 0, 1], [WireApi.SaslAuthenticate, 0, 1]);
  const w = new WireWriter().int16(errorCode).int32(others.length);
  for (const [key, min, max] of others) w.int16(key).int16(min).int16(max);
  if (version >= 1) w.raw(r.rest()); // throttle_time_ms
  return w.toBuffer();
}
