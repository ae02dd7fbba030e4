import { type ConnectorProps, type SinkRecord, SinkTask, type TopicPartition, topicPartitionKey } from '@sinkkit/core';

/**
 * A minimal sink: counts the records of each partition it owns. `put` only updates memory, so
 * the default `preCommit` (commit everything put so far) is right for it.
 */
export class CountTask extends SinkTask {
  readonly counts = new Map<string, number>();

  version(): string {
    return '1.0.0';
  }

  start(_props: ConnectorProps): void {}

  override open(partitions: readonly TopicPartition[]): void {
    console.log(`open  ${partitions.map(topicPartitionKey).join(' ')}`);
  }

  put(records: readonly SinkRecord[]): void {
    for (const record of records) {
      const key = topicPartitionKey(record.topicPartition);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  override close(partitions: readonly TopicPartition[]): void {
    console.log(`close ${partitions.map(topicPartitionKey).join(' ')}`);
  }

  stop(): void {
    for (const [partition, count] of [...this.counts].sort()) console.log(`${partition}: ${count} records`);
  }

  /** Records counted over all partitions. */
  total(): number {
    let n = 0;
    for (const count of this.counts.values()) n += count;
    return n;
  }
}
