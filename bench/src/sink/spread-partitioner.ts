import { ConfigDef, type Partitioner, type SinkRecord } from '@sinkkit/core';

/**
 * A test partitioner: record id (the decimal key testkit's `produceRecords` writes) modulo
 * `buckets`, as `bucket=<n>`. On a topic of P partitions, with P dividing `buckets`, every
 * Kafka partition holds `buckets / P` of them, so the task has exactly `buckets` files open.
 */
export class SpreadPartitioner implements Partitioner {
  readonly #buckets: number;

  constructor(buckets: number) {
    this.#buckets = buckets;
  }

  configure(): void {}

  encodePartition(record: SinkRecord): string {
    const key = record.key as Uint8Array;
    let id = 0;
    for (const digit of key) id = id * 10 + digit - 48;
    return `bucket=${id % this.#buckets}`;
  }

  partitionedPath(topic: string, encodedPartition: string): string {
    return `${topic}/${encodedPartition}`;
  }

  config(): ConfigDef {
    return new ConfigDef();
  }
}
