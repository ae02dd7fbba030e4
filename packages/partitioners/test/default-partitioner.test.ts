import { SinkRecord } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { DefaultPartitioner } from '../src/index.js';

const record = (kafkaPartition: number) =>
  new SinkRecord({ topic: 'orders', kafkaPartition, kafkaOffset: 0n, key: null, value: { id: 1 } });

describe('DefaultPartitioner', () => {
  it('keeps Kafka partitioning, as Confluent names it: <topic>/partition=<p>', () => {
    const partitioner = new DefaultPartitioner();
    partitioner.configure({});
    const encoded = partitioner.encodePartition(record(7));
    expect(encoded).toBe('partition=7');
    expect(partitioner.partitionedPath('orders', encoded)).toBe('orders/partition=7');
  });

  it('joins with directory.delim, taken as given (not trimmed)', () => {
    const partitioner = new DefaultPartitioner();
    partitioner.configure({ 'directory.delim': ' | ' });
    expect(partitioner.partitionedPath('orders', partitioner.encodePartition(record(0)))).toBe('orders | partition=0');
  });

  it('is known by its Confluent class name', () => {
    expect(DefaultPartitioner.CLASS_NAMES).toContain('io.confluent.connect.storage.partitioner.DefaultPartitioner');
  });
});
