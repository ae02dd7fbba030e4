import { type ConfigDef, DataError, type Partitioner, type PluginConfigs, type SinkRecord } from '@sinkkit/core';
import { partitionerConfigDef } from './partitioner-config-def.js';
import { encodeSegment, type SegmentEncoding, segmentEncodingOf } from './safety/segment-encoding.js';

/**
 * The base to extend for a custom partitioner: it reads `directory.delim`, joins
 * `<topic><delim><encoded>` as Confluent's `DefaultPartitioner.generatePartitionedPath` does, and
 * offers {@link segment}, which turns any value into a `name=value` segment that cannot escape
 * its directory. A subclass implements {@link encodePartition} (and calls `super.configure`).
 */
export abstract class BasePartitioner implements Partitioner {
  /** `directory.delim`, as given (not trimmed: a delimiter is taken literally). */
  protected delim = '/';
  /** `partition.field.encoding`: how {@link segment} spells names and values. */
  protected encoding: SegmentEncoding = 'safe';

  configure(config: PluginConfigs): void {
    const raw = config['directory.delim'];
    this.delim = typeof raw === 'string' && raw !== '' ? raw : '/';
    this.encoding = segmentEncodingOf(config['partition.field.encoding']);
  }

  abstract encodePartition(record: SinkRecord, nowMs?: number): string;

  partitionedPath(topic: string, encodedPartition: string): string {
    return `${topic}${this.delim}${encodedPartition}`;
  }

  config(): ConfigDef {
    return partitionerConfigDef();
  }

  /**
   * `name=value`, spelled so it stays one segment under the prefix. With the default
   * `partition.field.encoding=safe`, percent-encoded (see `encodeSegmentValue`), `null` and `''`
   * becoming `__HIVE_DEFAULT_PARTITION__`; with `confluent`, as Confluent writes it (see
   * `encodeConfluentSegmentValue`).
   */
  protected segment(name: string, value: string | null | undefined): string {
    return `${encodeSegment(name, this.delim, this.encoding)}=${encodeSegment(value, this.delim, this.encoding)}`;
  }

  /** A DataError for `record` that names its topic, partition and offset. */
  protected dataError(record: SinkRecord, reason: string, cause?: unknown): DataError {
    return new DataError(reason, {
      topic: record.topic,
      partition: record.kafkaPartition,
      offset: record.kafkaOffset,
      code: 'PARTITION_INVALID',
      cause,
    });
  }
}

/**
 * Parses the partitioner keys. `timestamp.extractor` may be a class or an instance given in code,
 * which the string-typed definition would refuse: it is read raw by the time-based partitioner.
 */
export function parsePartitionerConfig(config: PluginConfigs) {
  const { 'timestamp.extractor': extractor, ...rest } = config;
  return partitionerConfigDef().parse(
    typeof extractor === 'string' ? { ...rest, 'timestamp.extractor': extractor } : rest,
  );
}
