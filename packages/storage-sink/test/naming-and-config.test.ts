import { ConfigError, topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { FileNamer, parseSinkSettings, StorageSinkConnector } from '../src/index.js';

const tp = topicPartition('orders', 3);

describe('file keys', () => {
  it('are Confluent-compatible: topics dir, partitioned path, topic+partition+padded start offset', () => {
    const namer = new FileNamer({
      topicsDir: 'topics',
      directoryDelim: '/',
      fileDelim: '+',
      zeroPadWidth: 10,
      extension: '.json',
    });
    expect(namer.key(tp, 'orders/partition=3', 42n)).toBe('topics/orders/partition=3/orders+3+0000000042.json');
    expect(namer.owns('topics/orders/partition=3/orders+3+0000000042.json', tp)).toBe(true);
    expect(namer.owns('topics/orders/partition=3/orders+31+0000000042.json', tp)).toBe(false);
  });

  it('honour the pad width and delimiters', () => {
    const namer = new FileNamer({
      topicsDir: 'out',
      directoryDelim: '|',
      fileDelim: '_',
      zeroPadWidth: 3,
      extension: '.bin',
    });
    expect(namer.key(tp, 'orders|p', 7n)).toBe('out|orders|p|orders_3_007.bin');
    expect(namer.key(tp, 'orders|p', 123456n)).toBe('out|orders|p|orders_3_123456.bin');
  });
});

describe('configuration', () => {
  const ok = { 'store.url': 'file:///tmp/x', 'format.class': 'json', 'flush.size': '10' };
  const problem = (props: Record<string, string>) => {
    try {
      parseSinkSettings(props);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('accepts Confluent class names as aliases', () => {
    const s = parseSinkSettings({
      ...ok,
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'partitioner.class': 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
      's3.compression.type': 'gzip',
    });
    expect(s.format.recordWriterProvider().extension).toBe('.json.gz');
  });

  it.each([
    [{ 'format.class': 'json', 'flush.size': '10', 's3.region': 'eu-west-1' }, /s3\.bucket\.name: missing/],
    [
      { ...ok, 'store.url': 's3://bucket/p', 's3.part.size': '1000' },
      /Invalid value 1000 for configuration s3\.part\.size: must be at least 5242880/,
    ],
    [{ ...ok, 'format.class': 'orc' }, /Invalid value orc for configuration format\.class: unknown class/],
    [{ ...ok, 'flush.size': '0' }, /flush\.size: must be at least 1/],
    [{ ...ok, 'store.url': 'ftp://x' }, /store\.url: unsupported scheme/],
    [{ ...ok, timezone: 'Mars/Olympus' }, /timezone: not an IANA time zone/],
    [{ ...ok, 'behavior.on.null.values': 'drop' }, /behavior\.on\.null\.values: must be one of fail, ignore, write/],
    [{ ...ok, 's3.compression.type': 'zstd' }, /s3\.compression\.type: must be one of none, gzip/],
  ])('fails at start naming key, value and reason: %j', (props, message) => {
    expect(problem(props as Record<string, string>)).toMatch(message);
  });

  it('an unknown format.class lists every known format, Avro and Parquet included', () => {
    const message = problem({ ...ok, 'format.class': 'orc' });
    for (const name of ['json', 'avro', 'parquet', 'AvroFormat', 'ParquetFormat']) expect(message).toContain(name);
    expect(problem({ ...ok, 'partitioner.class': 'nope' })).not.toContain('parquet');
  });

  it('the connector validates on start, before any task exists', async () => {
    await expect(new StorageSinkConnector().start({ 'format.class': 'json' })).rejects.toThrow(/flush\.size/);
  });
});
