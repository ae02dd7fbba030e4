import { topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { fileNameTopic, MAX_FILE_NAME_TOPIC_BYTES } from '../../src/naming/file-name-topic.js';
import { companionKey, FileNamer } from '../../src/naming/file-namer.js';

const namer = new FileNamer({
  topicsDir: 'topics',
  directoryDelim: '/',
  fileDelim: '+',
  zeroPadWidth: 19,
  extension: '.json.gz',
});
const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

describe('topics in file names', () => {
  it('keeps a topic of up to 191 bytes whole, as Confluent names files', () => {
    const topic = 'a'.repeat(MAX_FILE_NAME_TOPIC_BYTES);
    expect(fileNameTopic(topic)).toBe(topic);
    expect(fileNameTopic('orders')).toBe('orders');
    expect(nameOf(namer.key(topicPartition('orders', 3), 'orders/partition=3', 42n))).toBe(
      'orders+3+0000000000000000042.json.gz',
    );
  });

  it('shortens a longer topic to a prefix, ~ and its SHA-256, so the longest names stay within 255 bytes', () => {
    const topic = `${'x'.repeat(200)}.${'y'.repeat(48)}`; // 249: Kafka's longest
    const short = fileNameTopic(topic);
    expect(short).toMatch(/^x{96}~[0-9a-f]{64}$/);
    expect(fileNameTopic(`${topic.slice(0, 248)}z`)).not.toBe(short);
    const tp = topicPartition(topic, 2_147_483_647);
    const key = namer.key(tp, `${topic}/partition=2147483647`, 9_223_372_036_854_775_807n);
    const longest = nameOf(companionKey(key, '.json.gz', 'headers', '.json.gz'));
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(255);
    expect(key.split('/').every((segment) => Buffer.byteLength(segment) <= 255)).toBe(true);
    expect(Buffer.byteLength(key)).toBeLessThan(1024);
  });

  it("claims staged files of a long topic's partition under either spelling, and no other partition's", () => {
    const topic = 'q'.repeat(249);
    const tp = topicPartition(topic, 1);
    const key = namer.key(tp, `${topic}/partition=1`, 0n);
    expect(namer.owns(key, tp)).toBe(true);
    expect(namer.owns(`topics/${topic}/partition=1/${topic}+1+0000000000000000000.json.gz`, tp)).toBe(true);
    expect(namer.owns(key, topicPartition(topic, 10))).toBe(false);
    expect(namer.owns(key, topicPartition('q'.repeat(248), 1))).toBe(false);
  });
});
