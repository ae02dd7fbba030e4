import { SinkRecord } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { BufferedRecordWriter } from '../src/index.js';

/** Writes each record's value (a string or bytes) as it is. */
class RawWriter extends BufferedRecordWriter {
  protected encode(record: SinkRecord): string | Uint8Array {
    return record.value as string | Uint8Array;
  }
}

/** The same, with a two-byte separator after every record. */
class SeparatedWriter extends RawWriter {
  protected override readonly separator = Buffer.from('\r\n');
}

/** A sink that keeps every chunk it is handed. */
function collecting() {
  const chunks: Buffer[] = [];
  return { chunks, sink: { write: async (chunk: Uint8Array) => void chunks.push(Buffer.from(chunk)) } };
}

const record = (value: string | Uint8Array, offset = 0) =>
  new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: offset, value });

// ASCII, 2-, 3- and 4-byte UTF-8 (a surrogate pair), bytes, and records larger than a 64-byte chunk.
const values: (string | Uint8Array)[] = [];
for (let i = 0; i < 200; i++) {
  if (i % 50 === 7) values.push('x'.repeat(150));
  else if (i % 50 === 8) values.push(Buffer.alloc(100, 0x61));
  else values.push([`a${i}`, `é${i}`, `€${i}`, `😀${i}`, Buffer.from(`b${i}`)][i % 5] as string | Uint8Array);
}
const utf8 = (v: string | Uint8Array) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);

describe('BufferedRecordWriter', () => {
  it.each([
    { writer: RawWriter, separator: '' },
    { writer: SeparatedWriter, separator: '\r\n' },
  ])(
    'hands over every byte, in order, in chunks of at most flushBytes; records bigger than that on their own (separator $separator)',
    async ({ writer: Writer, separator }) => {
      const { chunks, sink } = collecting();
      const writer = new Writer(sink, { type: 'none', level: -1 }, 64);
      for (const [i, value] of values.entries()) {
        await writer.write(record(value, i));
        expect(writer.bufferedBytes).toBeLessThanOrEqual(64);
      }
      await writer.commit();
      const expected = Buffer.concat(values.flatMap((v) => [utf8(v), Buffer.from(separator)]));
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
      for (const chunk of chunks) if (chunk.length > 64) expect([150, 100]).toContain(chunk.length);
    },
  );

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
