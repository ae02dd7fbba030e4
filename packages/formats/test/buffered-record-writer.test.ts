import { SinkRecord } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { BufferedRecordWriter } from '../src/index.js';

/** Writes each record's value (a string or bytes) as it is. */
class RawWriter extends BufferedRecordWriter {
  protected encode(record: SinkRecord): string | Uint8Array {
    return record.value as string | Uint8Array;
  }
}

/** A sink that keeps every chunk it is handed. */
function collecting() {
  const chunks: Buffer[] = [];
  return { chunks, sink: { write: async (chunk: Uint8Array) => void chunks.push(Buffer.from(chunk)) } };
}

const record = (value: string | Uint8Array, offset = 0) =>
  new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: offset, value });

describe('BufferedRecordWriter', () => {
  it('hands over every byte, in order, in chunks of at most flushBytes; records bigger than that on their own', async () => {
    const { chunks, sink } = collecting();
    const writer = new RawWriter(sink, { type: 'none', level: -1 }, 64);
    // ASCII, 2-, 3- and 4-byte UTF-8 (a surrogate pair), bytes, and records larger than a chunk.
    const values: (string | Uint8Array)[] = [];
    for (let i = 0; i < 200; i++) {
      if (i % 50 === 7) values.push('x'.repeat(150));
      else if (i % 50 === 8) values.push(Buffer.alloc(100, 0x61));
      else values.push([`a${i}`, `é${i}`, `€${i}`, `😀${i}`, Buffer.from(`b${i}`)][i % 5] as string | Uint8Array);
    }
    for (const [i, value] of values.entries()) {
      await writer.write(record(value, i));
      expect(writer.bufferedBytes).toBeLessThanOrEqual(64);
    }
    await writer.commit();
    const expected = Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v)));
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    for (const chunk of chunks) if (chunk.length > 64) expect([150, 100]).toContain(chunk.length);
  });

  it('counts what it holds until the flush, and holds nothing after an abort', async () => {
    const { chunks, sink } = collecting();
    const writer = new RawWriter(sink, { type: 'none', level: -1 }, 1024);
    expect(writer.write(record('héllo\n'))).toBeUndefined(); // no promise while the chunk has room
    expect(writer.bufferedBytes).toBe(7);
    writer.abort();
    expect(writer.bufferedBytes).toBe(0);
    await writer.commit();
    expect(chunks).toEqual([]);
  });
});
