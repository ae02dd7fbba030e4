import type { PartitionHistory } from './committed-batch.js';

/**
 * Where the commit history of topic-partitions comes from. The verifier only needs these two
 * questions answered, so the live log, its archive, or a test's hand-made history all fit.
 */
export interface HistorySource {
  /** Partitions of `topic` that have any history, ascending. */
  partitions(topic: string): Promise<number[]>;
  /** Topics that have any history, sorted. */
  topics(): Promise<string[]>;
  /** Every known batch of one topic-partition, ascending by seq. */
  history(topic: string, partition: number): Promise<PartitionHistory>;
}
