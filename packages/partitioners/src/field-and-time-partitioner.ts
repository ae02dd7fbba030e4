import { ConfigError, type PluginConfigs, type SinkRecord } from '@sinkkit/core';
import { parsePartitionerConfig } from './base-partitioner.js';
import { FieldSegments } from './fields/field-segments.js';
import { TimeBasedPartitioner } from './time-based-partitioner.js';

/**
 * Field directories, then time directories: `region=eu/year=2024/month=03/day=10`. Takes the
 * keys of both `FieldPartitioner` (`partition.field.name`) and `TimeBasedPartitioner`
 * (`partition.duration.ms`, `path.format`, `locale`, `timezone`, `timestamp.extractor`), and the
 * name of the `FieldAndTimeBasedPartitioner` found in some storage-common versions.
 */
export class FieldAndTimePartitioner extends TimeBasedPartitioner {
  static override readonly CLASS_NAMES: readonly string[] = [
    'FieldAndTimePartitioner',
    'FieldAndTimeBasedPartitioner',
    'field-and-time',
    'io.confluent.connect.storage.partitioner.FieldAndTimeBasedPartitioner',
  ];

  #fields: FieldSegments | undefined;

  override configure(config: PluginConfigs): void {
    super.configure(config);
    const names = parsePartitionerConfig(config).get('partition.field.name');
    if (names.length === 0 || names.some((n) => n === '')) {
      throw new ConfigError({
        key: 'partition.field.name',
        value: names.join(','),
        reason: 'name at least one field (comma-separated, nested as a.b.c)',
      });
    }
    this.#fields = new FieldSegments(names, this.delim, this.encoding);
  }

  override encodePartition(record: SinkRecord, nowMs: number = Date.now()): string {
    if (!this.#fields) throw new Error('FieldAndTimePartitioner used before configure()');
    const fields = this.#fields.encode(record, (reason) => this.dataError(record, reason));
    return [...fields, super.encodePartition(record, nowMs)].join(this.delim);
  }
}
