import { describe, expect, it } from 'vitest';
import { type OffsetAndMetadata, TopicPartitionMap, topicPartition } from '../../src/index.js';

describe('TopicPartitionMap', () => {
  it('keys entries by topic-partition value, not object identity', () => {
    const map = new TopicPartitionMap<bigint>();
    map.set({ topic: 'orders', partition: 0 }, 10n);
    map.set({ topic: 'orders', partition: 0 }, 11n);
    expect(map.size).toBe(1);
    expect(map.get(topicPartition('orders', 0))).toBe(11n);
    expect(map.has({ topic: 'orders', partition: 1 })).toBe(false);
  });

  it('does not move when the caller mutates the key object afterwards', () => {
    const key = { topic: 'orders', partition: 0 };
    const map = new TopicPartitionMap([[key, 'x']]);
    key.partition = 7;
    expect(map.get({ topic: 'orders', partition: 0 })).toBe('x');
    expect([...map.keys()]).toEqual([{ topic: 'orders', partition: 0 }]);
  });

  it('iterates in insertion order and supports delete and clear', () => {
    const map = new TopicPartitionMap<number>([
      [topicPartition('b', 1), 1],
      [topicPartition('a', 2), 2],
      [topicPartition('a-2', 0), 3],
    ]);
    expect([...map].map(([tp, v]) => `${tp.topic}/${tp.partition}=${v}`)).toEqual(['b/1=1', 'a/2=2', 'a-2/0=3']);
    expect([...map.values()]).toEqual([1, 2, 3]);
    const seen: number[] = [];
    map.forEach((v) => {
      seen.push(v);
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(map.delete(topicPartition('a', 2))).toBe(true);
    expect(map.delete(topicPartition('a', 2))).toBe(false);
    expect(map.size).toBe(2);
    map.clear();
    expect(map.size).toBe(0);
  });

  it('serialises to JSON with 64-bit offsets as exact strings', () => {
    const offsets = new TopicPartitionMap<OffsetAndMetadata>([
      [topicPartition('orders', 3), { offset: 2n ** 63n - 1n }],
    ]);
    expect(JSON.stringify(offsets)).toBe('{"orders-3":{"offset":"9223372036854775807"}}');
  });
});
