import { DataError, SinkRecord } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { FieldAndTimePartitioner } from '../src/index.js';

const config = {
  'partition.field.name': 'appId,country',
  'partition.duration.ms': 86_400_000,
  'path.format': "'year'=YYYY/'month'=MM/'day'=dd",
  'timestamp.extractor': 'Record',
  timezone: 'UTC',
};

describe('FieldAndTimePartitioner', () => {
  it('field segments, then time segments (the layout of the widely used FieldAndTimeBasedPartitioner)', () => {
    // BishopFox/kafka-connect-field-and-time-partitioner README: appId=…/eventName=…/country=…/year=2020/month=11/day=30
    const p = new FieldAndTimePartitioner();
    p.configure(config);
    const record = new SinkRecord({
      topic: 'events',
      kafkaPartition: 0,
      kafkaOffset: 0,
      value: { appId: 'a1', country: 'TR' },
      timestamp: Date.parse('2020-11-30T12:00:00Z'),
    });
    expect(p.partitionedPath('events', p.encodePartition(record))).toBe(
      'events/appId=a1/country=TR/year=2020/month=11/day=30',
    );
  });

  it('a hostile field value stays in its segment; a missing one is a DataError', () => {
    const p = new FieldAndTimePartitioner();
    p.configure(config);
    const hostile = new SinkRecord({
      topic: 'e',
      kafkaPartition: 1,
      kafkaOffset: 9,
      value: { appId: '../../x', country: 'a/b' },
      timestamp: 0,
    });
    expect(p.encodePartition(hostile)).toBe('appId=..%2F..%2Fx/country=a%2Fb/year=1970/month=01/day=01');
    const missing = new SinkRecord({
      topic: 'e',
      kafkaPartition: 1,
      kafkaOffset: 9,
      value: { appId: 'x' },
      timestamp: 0,
    });
    expect(() => p.encodePartition(missing)).toThrow(DataError);
    expect(() => p.encodePartition(missing)).toThrow(/country.*\(topic e, partition 1, offset 9\)/);
  });

  it('needs partition.field.name', () => {
    expect(() => new FieldAndTimePartitioner().configure({ ...config, 'partition.field.name': '' })).toThrow(
      /partition\.field\.name/,
    );
  });
});
