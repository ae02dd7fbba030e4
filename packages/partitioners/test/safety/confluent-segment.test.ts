import { SinkRecord } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { encodeConfluentSegmentValue, FieldAndTimePartitioner, FieldPartitioner } from '../../src/index.js';

const record = (value: unknown) => new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 1n, value });

function pathOf(region: unknown, encoding?: string, delim?: string): string {
  const p = new FieldPartitioner();
  p.configure({
    'partition.field.name': 'region',
    ...(encoding ? { 'partition.field.encoding': encoding } : {}),
    ...(delim ? { 'directory.delim': delim } : {}),
  });
  return p.partitionedPath('orders', p.encodePartition(record({ region })));
}

describe('partition.field.encoding: what each mode writes for the same values', () => {
  // One table, so the difference between the modes is read at a glance (docs/partitioners.md shows it).
  it.each([
    // value,            safe (default),                              confluent
    ['eu-west', 'orders/region=eu-west', 'orders/region=eu-west'],
    ['zürich', 'orders/region=z%C3%BCrich', 'orders/region=zürich'],
    ['São Paulo', 'orders/region=S%C3%A3o%20Paulo', 'orders/region=São Paulo'],
    ['a b=c', 'orders/region=a%20b%3Dc', 'orders/region=a b=c'],
    [null, 'orders/region=__HIVE_DEFAULT_PARTITION__', 'orders/region=null'],
    ['', 'orders/region=__HIVE_DEFAULT_PARTITION__', 'orders/region='],
    ['../x', 'orders/region=..%2Fx', 'orders/region=..%2Fx'],
    ['a/b', 'orders/region=a%2Fb', 'orders/region=a%2Fb'],
    ['..', 'orders/region=%2E%2E', 'orders/region=%2E%2E'],
    ['.', 'orders/region=%2E', 'orders/region=%2E'],
    ['a\\b', 'orders/region=a%5Cb', 'orders/region=a%5Cb'],
    ['line\nbreak\u0000', 'orders/region=line%0Abreak%00', 'orders/region=line%0Abreak%00'],
    ['ends.', 'orders/region=ends.', 'orders/region=ends%2E'],
    ['100%', 'orders/region=100%25', 'orders/region=100%'],
    ['%41', 'orders/region=%2541', 'orders/region=%2541'],
  ])('%j → safe %s, confluent %s', (value, safe, confluent) => {
    expect(pathOf(value)).toBe(safe);
    expect(pathOf(value, 'safe')).toBe(safe);
    expect(pathOf(value, 'confluent')).toBe(confluent);
  });

  it('in both modes every value stays one directory under the topic: no segment is . or .., none is empty', () => {
    const hostile = ['../x', '../../etc/passwd', 'a/b', '/', '//', '..', '.', '', null, 'x/../..', '\u0000', 'é/..'];
    for (const encoding of ['safe', 'confluent']) {
      for (const value of hostile) {
        const segments = pathOf(value, encoding).split('/');
        expect(segments).toHaveLength(2);
        expect(segments[0]).toBe('orders');
        expect(segments[1]?.startsWith('region=')).toBe(true);
        expect(['.', '..', '']).not.toContain(segments[1]);
      }
    }
  });

  it('a custom directory.delim is escaped inside confluent values too', () => {
    expect(pathOf('eu-west', 'confluent', '-')).toBe('orders-region=eu%2Dwest');
  });

  it('long values are cut with a hash, within the 255-byte name limit, never splitting a character', () => {
    const long = 'ü'.repeat(300);
    const out = encodeConfluentSegmentValue(long);
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(200);
    expect(out).toMatch(/^ü+~[0-9a-f]{64}$/);
    expect(encodeConfluentSegmentValue(`${long}x`)).not.toBe(out);
  });

  it('the field+time partitioner takes the key too', () => {
    const p = new FieldAndTimePartitioner();
    p.configure({
      'partition.field.name': 'region',
      'partition.field.encoding': 'confluent',
      'partition.duration.ms': '3600000',
      'path.format': "'hour'=HH",
      'timestamp.extractor': 'Record',
    });
    const r = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0n, value: { region: null }, timestamp: 0 });
    expect(p.encodePartition(r)).toBe('region=null/hour=00');
  });

  it('an unknown mode is a ConfigError naming the key, the value and the choices', () => {
    expect(() => pathOf('x', 'raw')).toThrow(
      'Invalid value raw for configuration partition.field.encoding: expected one of safe, confluent',
    );
  });
});
