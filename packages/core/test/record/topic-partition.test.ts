import { describe, expect, it } from 'vitest';
import { parseTopicPartitionKey, sameTopicPartition, topicPartition, topicPartitionKey } from '../../src/index.js';

describe('topicPartition', () => {
  it('makes a frozen value and rejects bad partition numbers', () => {
    const tp = topicPartition('orders', 3);
    expect(tp).toEqual({ topic: 'orders', partition: 3 });
    expect(Object.isFrozen(tp)).toBe(true);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => topicPartition('t', bad)).toThrow(RangeError);
  });

  it('compares by value', () => {
    expect(sameTopicPartition({ topic: 'a', partition: 1 }, topicPartition('a', 1))).toBe(true);
    expect(sameTopicPartition(topicPartition('a', 1), topicPartition('a', 2))).toBe(false);
  });
});

describe('topicPartitionKey', () => {
  it('reads like Kafka TopicPartition.toString()', () => {
    expect(topicPartitionKey(topicPartition('orders', 3))).toBe('orders-3');
  });

  it('never collides, even for topics containing dashes and digits', () => {
    const tps = [
      ['a', 12],
      ['a-1', 2],
      ['a-12', 0],
      ['a-', 1],
      ['a', 1],
      ['-', 0],
      ['', 10],
      ['x-0-0', 0],
    ].map(([t, p]) => topicPartition(t as string, p as number));
    const keys = tps.map(topicPartitionKey);
    expect(new Set(keys).size).toBe(tps.length);
    for (const tp of tps) expect(parseTopicPartitionKey(topicPartitionKey(tp))).toEqual(tp);
  });

  it('parse rejects text it would not have produced', () => {
    for (const bad of ['orders', 'orders-', 'orders-01', 'orders-+1', 'orders-1.5']) {
      expect(() => parseTopicPartitionKey(bad)).toThrow(RangeError);
    }
    // Not a negative partition: the key of topic "orders-", partition 1.
    expect(parseTopicPartitionKey('orders--1')).toEqual({ topic: 'orders-', partition: 1 });
  });
});
