import { TimestampType } from '@sinkkit/core';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { headerPairs, parseTimestamp, toFetchedRecords } from '../../src/kafka/kafkajs-records.js';

// A message in the record-batch format (kafkajs' KafkaMessage is a union of the two formats).
type RecordBatchMessage = Extract<KafkaMessage, { size?: undefined }>;

function message(offset: string, init: Partial<RecordBatchMessage> = {}): KafkaMessage {
  return { offset, key: null, value: null, timestamp: '-1', attributes: 0, headers: {}, ...init };
}

describe('toFetchedRecords', () => {
  it('keeps the fields, a timestamp as CreateTime, -1 as none, and copies header values', () => {
    const header = Buffer.from('v');
    const key = Buffer.from('k');
    const [a, b] = toFetchedRecords('t', 1, [
      message('5', { key, timestamp: '1700000000000', headers: { h: header } }),
      message('9007199254740993'),
    ]);
    expect(a).toMatchObject({
      topic: 't',
      partition: 1,
      offset: 5n,
      key,
      value: null,
      timestamp: 1_700_000_000_000,
      timestampType: TimestampType.CreateTime,
    });
    expect(a?.headers).toEqual([['h', header]]);
    expect(a?.headers[0]?.[1]).not.toBe(header);
    expect(b).toMatchObject({
      offset: 9_007_199_254_740_993n,
      timestamp: null,
      timestampType: TimestampType.NoTimestampType,
      headers: [],
    });
  });
});

describe('headerPairs', () => {
  it('flattens repeated names and keeps absent values as null; undefined without headers', () => {
    expect(headerPairs({ a: [Buffer.from('1'), '2'], b: undefined })).toEqual([
      ['a', Buffer.from('1')],
      ['a', '2'],
      ['b', null],
    ]);
    expect(headerPairs({})).toBeUndefined();
    expect(headerPairs(undefined)).toBeUndefined();
  });
});

describe('parseTimestamp', () => {
  it('reads epoch milliseconds and treats -1 and garbage as none', () => {
    expect(parseTimestamp('0')).toBe(0);
    expect(parseTimestamp('1700000000123')).toBe(1_700_000_000_123);
    expect(parseTimestamp('-1')).toBeNull();
    expect(parseTimestamp('x')).toBeNull();
  });
});
