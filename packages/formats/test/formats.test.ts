import { gunzipSync } from 'node:zlib';
import { Decimal, SinkRecord, topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { ByteArrayFormat, JsonFormat, toJsonText } from '../src/index.js';

const ctx = { topicPartition: topicPartition('t', 0), encodedPartition: 'p', key: 'k', schema: null };
async function writeAll(format: ByteArrayFormat | JsonFormat, values: unknown[]) {
  const chunks: Uint8Array[] = [];
  const provider = format.recordWriterProvider();
  const writer = provider.open({ write: async (c) => void chunks.push(c) }, ctx);
  for (const [i, value] of values.entries())
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, value }));
  await writer.commit();
  return { bytes: Buffer.concat(chunks), extension: provider.extension };
}

describe('formats', () => {
  it('bytes: raw values, newline separator by default, gzip as one stream', async () => {
    const plain = new ByteArrayFormat();
    plain.configure({});
    expect((await writeAll(plain, [Buffer.from('a'), 'b'])).bytes.toString()).toBe('a\nb\n');
    const gz = new ByteArrayFormat();
    gz.configure({ 's3.compression.type': 'gzip', 'format.bytearray.separator': '|' });
    const { bytes, extension } = await writeAll(gz, ['x', 'y']);
    expect(extension).toBe('.bin.gz');
    expect(gunzipSync(bytes).toString()).toBe('x|y|');
  });

  it('json: gzip, and streams many records with bounded buffering', async () => {
    const f = new JsonFormat();
    f.configure({ 'format.compression.type': 'gzip' });
    const values = Array.from({ length: 20_000 }, (_, i) => ({ i, pad: 'x'.repeat(50) }));
    const { bytes, extension } = await writeAll(f, values);
    expect(extension).toBe('.json.gz');
    expect(gunzipSync(bytes).toString().split('\n').filter(Boolean).length).toBe(20_000);
  });

  it('json: string values are written as JSON.stringify writes them, through either path and across chunk ends', async () => {
    const f = new JsonFormat();
    f.configure({});
    const kinds = [
      'plain text',
      '{"id":1,"pad":"x\\y"}',
      'tab\tand\nnewline\u0001',
      'é€😀',
      'lone \ud800',
      '',
      '~\u007f',
    ];
    // Many records of growing length, so some land where the chunk grows or is flushed.
    const values = Array.from({ length: 3_000 }, (_, i) => `${kinds[i % kinds.length]}${'"'.repeat(i % 40)}`);
    const { bytes } = await writeAll(f, values);
    expect(bytes.toString()).toBe(values.map((v) => `${JSON.stringify(v)}\n`).join(''));
  });

  it('json: exact int64, bytes as base64, decimals as numbers', () => {
    expect(toJsonText({ a: 2n ** 63n - 1n, b: new Uint8Array([1, 2]), c: Decimal.parse('12.340') })).toBe(
      '{"a":9223372036854775807,"b":"AQI=","c":12.340}',
    );
  });

  it('contradicting compression keys fail naming both', () => {
    expect(() =>
      new JsonFormat().configure({ 's3.compression.type': 'gzip', 'format.compression.type': 'none' }),
    ).toThrow(/format\.compression\.type.*contradicts s3\.compression\.type=gzip/);
  });
});
