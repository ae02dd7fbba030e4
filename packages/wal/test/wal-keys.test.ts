import { topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { WalKeys } from '../src/index.js';

describe('WalKeys', () => {
  const keys = new WalKeys();

  it('lays entries out as <prefix>/<topic>/<partition>/<seq padded to 20 digits>.json', () => {
    expect(keys.entry(topicPartition('orders.v1', 3), 42)).toBe('_sinkkit/wal/orders.v1/3/00000000000000000042.json');
  });

  it('pads so that key order is seq order, across digit counts', () => {
    const tp = topicPartition('t', 0);
    const seqs = [1, 9, 10, 99, 100, 1_000_000, Number.MAX_SAFE_INTEGER];
    const sortedKeys = seqs.map((s) => keys.entry(tp, s)).sort();
    expect(sortedKeys.map((k) => keys.seqOf(keys.folder(tp), k))).toEqual(seqs);
  });

  it("ends a partition's folder in '/', so partition 1 never lists partition 10's entries", () => {
    const one = keys.folder(topicPartition('t', 1));
    expect(keys.entry(topicPartition('t', 10), 1).startsWith(one)).toBe(false);
  });

  it('takes a configurable prefix, with or without a trailing slash', () => {
    expect(new WalKeys('logs/wal/').entry(topicPartition('t', 0), 1)).toBe('logs/wal/t/0/00000000000000000001.json');
  });

  it.each(['', '/abs', 'a//b', '../up', 'a/./b'])('refuses the prefix %j', (prefix) => {
    expect(() => new WalKeys(prefix)).toThrow(/WAL prefix .* is invalid/);
  });

  it.each(['../etc', 'a/b', 'has space', '.', '..', '', 'x'.repeat(250)])('refuses the topic %j', (topic) => {
    expect(() => keys.folder({ topic, partition: 0 })).toThrow(/not a valid Kafka topic name/);
  });

  it('refuses a negative partition and a seq below 1', () => {
    expect(() => keys.folder({ topic: 't', partition: -1 })).toThrow(RangeError);
    expect(() => keys.entry(topicPartition('t', 0), 0)).toThrow(/positive safe integer/);
  });

  it('ignores objects in the folder that are not entries', () => {
    const folder = keys.folder(topicPartition('t', 0));
    expect(keys.seqOf(folder, `${folder}notes.txt`)).toBeUndefined();
    expect(keys.seqOf(folder, `${folder}00000000000000000001.json.tmp`)).toBeUndefined();
    expect(keys.seqOf(folder, `${folder}sub/00000000000000000001.json`)).toBeUndefined();
    expect(keys.seqOf(folder, `${folder}00000000000000000007.json`)).toBe(7);
  });
});
