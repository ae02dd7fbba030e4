import { ConfigDef, type Partitioner, type PluginConfigs, type SinkRecord } from '@sinkkit/core';

const defaultPartitionerConfigDef = () =>
  new ConfigDef().define('directory.delim', {
    type: 'string',
    default: '/',
    doc: 'Delimiter between directory levels of a file key (Confluent key).',
  });

/**
 * Keeps Kafka's partitioning: every record of Kafka partition `p` goes to `partition=<p>`, so
 * files land at `<topics.dir>/<topic>/partition=<p>/…`. Mirrors Confluent storage-common's
 * `io.confluent.connect.storage.partitioner.DefaultPartitioner`, also accepted by that name.
 */
export class DefaultPartitioner implements Partitioner {
  static readonly CLASS_NAMES: readonly string[] = [
    'DefaultPartitioner',
    'default',
    'io.confluent.connect.storage.partitioner.DefaultPartitioner',
    // Kafka Connect HDFS's older package, which StreamX configurations name.
    'io.confluent.connect.hdfs.partitioner.DefaultPartitioner',
  ] as const;

  #delim = '/';

  configure(config: PluginConfigs): void {
    // Not trimmed by ConfigDef on purpose: a delimiter is taken as given.
    const raw = config['directory.delim'];
    this.#delim =
      typeof raw === 'string' && raw !== '' ? raw : defaultPartitionerConfigDef().parse({}).get('directory.delim');
  }

  encodePartition(record: SinkRecord): string {
    return `partition=${record.kafkaPartition}`;
  }

  partitionedPath(topic: string, encodedPartition: string): string {
    return `${topic}${this.#delim}${encodedPartition}`;
  }

  config(): ConfigDef {
    return defaultPartitionerConfigDef();
  }
}
