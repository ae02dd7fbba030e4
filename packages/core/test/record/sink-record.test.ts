import { describe, expect, it } from 'vitest';
import { Headers, Schema, SchemaBuilder, SinkRecord, Struct, TimestampType } from '../../src/index.js';

const BEYOND_2_53 = 2n ** 53n + 1n; // 9007199254740993: not representable as a number

describe('SinkRecord', () => {
  it('defaults to a schemaless null key and value, no timestamp and empty headers', () => {
    const record = new SinkRecord({ topic: 'orders', kafkaPartition: 2, kafkaOffset: 5n });
    expect(record).toMatchObject({
      topic: 'orders',
      kafkaPartition: 2,
      kafkaOffset: 5n,
      key: null,
      keySchema: null,
      value: null,
      valueSchema: null,
      timestamp: null,
      timestampType: 'NoTimestampType',
    });
    expect(record.headers.isEmpty()).toBe(true);
    expect(record.topicPartition).toEqual({ topic: 'orders', partition: 2 });
  });

  it('keeps 64-bit offsets beyond 2^53 exactly', () => {
    const record = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: BEYOND_2_53 });
    expect(record.kafkaOffset).toBe(9_007_199_254_740_993n);
    expect(record.kafkaOffset + 1n).toBe(9_007_199_254_740_994n);
    const max = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 2n ** 63n - 1n });
    expect(String(max.kafkaOffset)).toBe('9223372036854775807');
    expect(record.newRecord({ value: 'x' }).kafkaOffset).toBe(BEYOND_2_53);
  });

  it('accepts safe-integer numbers as offsets and refuses unsafe ones', () => {
    expect(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 42 }).kafkaOffset).toBe(42n);
    expect(() => new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 2 ** 53 })).toThrow(
      'kafkaOffset 9007199254740992 is not a safe integer; pass offsets beyond 2^53 as a bigint',
    );
  });

  it('infers CreateTime for a timestamp given without type, and keeps an explicit type', () => {
    expect(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0n, timestamp: 1 }).timestampType).toBe(
      TimestampType.CreateTime,
    );
    const appended = new SinkRecord({
      topic: 't',
      kafkaPartition: 0,
      kafkaOffset: 0n,
      timestamp: 1_700_000_000_000,
      timestampType: TimestampType.LogAppendTime,
    });
    expect([appended.timestamp, appended.timestampType]).toEqual([1_700_000_000_000, 'LogAppendTime']);
  });

  it('carries keys and values with or without schemas', () => {
    const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).build();
    const typed = new SinkRecord({
      topic: 't',
      kafkaPartition: 0,
      kafkaOffset: 0n,
      keySchema: Schema.STRING_SCHEMA,
      key: 'k',
      valueSchema: schema,
      value: new Struct(schema).put('id', BEYOND_2_53),
    });
    expect((typed.value as Struct).getInt64('id')).toBe(BEYOND_2_53);
    const schemaless = new SinkRecord({
      topic: 't',
      kafkaPartition: 0,
      kafkaOffset: 0n,
      value: { id: 1, tags: ['a'] },
    });
    expect([schemaless.valueSchema, schemaless.value]).toEqual([null, { id: 1, tags: ['a'] }]);
  });

  it('newRecord() changes only what is given and keeps offset, timestamp type and origin', () => {
    const original = new SinkRecord({
      topic: 'orders',
      kafkaPartition: 3,
      kafkaOffset: BEYOND_2_53,
      key: 'k',
      keySchema: Schema.STRING_SCHEMA,
      value: 'v',
      valueSchema: Schema.STRING_SCHEMA,
      timestamp: 100,
      timestampType: 'LogAppendTime',
      headers: new Headers().add('h', 1),
    });
    const renamed = original.newRecord({ topic: 'orders-archive', kafkaPartition: 0, value: null, valueSchema: null });
    expect(renamed).toMatchObject({
      topic: 'orders-archive',
      kafkaPartition: 0,
      kafkaOffset: BEYOND_2_53,
      key: 'k',
      keySchema: Schema.STRING_SCHEMA,
      value: null,
      valueSchema: null,
      timestamp: 100,
      timestampType: 'LogAppendTime',
      originalTopic: 'orders',
      originalKafkaPartition: 3,
      originalKafkaOffset: BEYOND_2_53,
    });
    expect(renamed.originalTopicPartition).toEqual({ topic: 'orders', partition: 3 });
    expect(original.newRecord({ timestamp: null }).timestamp).toBeNull();
    expect(original.topic).toBe('orders');
  });

  it('newRecord() duplicates headers unless new ones are given', () => {
    const original = new SinkRecord({
      topic: 't',
      kafkaPartition: 0,
      kafkaOffset: 0n,
      headers: [{ key: 'a', schema: null, value: 1 }],
    });
    const copy = original.newRecord({});
    copy.headers.add('b', 2);
    expect(original.headers.size).toBe(1);
    expect(copy.headers.size).toBe(2);
    const replaced = original.newRecord({ headers: new Headers().add('z', 0) });
    expect(replaced.headers.toArray().map((h) => h.key)).toEqual(['z']);
  });

  it('prints coordinates and schemas but never the key or value', () => {
    const record = new SinkRecord({
      topic: 'users',
      kafkaPartition: 1,
      kafkaOffset: BEYOND_2_53,
      key: 'alice@example.com',
      value: 'secret payload',
      valueSchema: Schema.STRING_SCHEMA,
    });
    const text = String(record);
    expect(text).toBe(
      'SinkRecord{topic=users, kafkaPartition=1, kafkaOffset=9007199254740993, timestamp=null, timestampType=NoTimestampType, keySchema=schemaless, valueSchema=Schema{STRING}, headers=0}',
    );
    expect(text).not.toContain('alice');
  });
});
