import type { TopicPartition } from '../record/topic-partition.js';
import type { TopicPartitionMap } from '../record/topic-partition-map.js';
import type { ErrantRecordReporter } from './errant-record-reporter.js';
import type { ConnectorProps } from './props.js';

/**
 * What the runtime lets a {@link SinkTask} ask of it, mirroring Connect's `SinkTaskContext`.
 * Every request takes effect between calls into the task (after `put`/`open` returns), never
 * in the middle of one.
 */
export interface SinkTaskContext {
  /** The task's configuration, as given to `start`. */
  configs(): ConnectorProps;

  /**
   * Asks the consumer to continue from `offset` (the next offset to read) on a partition this
   * task owns: how a sink that keeps its own offsets (sinkkit's WAL) resumes from storage
   * rather than from Kafka's committed offset. Typically called from `open`.
   */
  offset(tp: TopicPartition, offset: bigint): void;
  /** Same as above for several partitions at once. */
  offset(offsets: TopicPartitionMap<bigint>): void;

  /**
   * How long to wait before redelivering the batch after `put` throws a retriable error
   * (Connect's `timeout(ms)` retry hint). A hint, not a promise of exact timing.
   */
  timeout(ms: number): void;

  /** The partitions currently assigned to this task. */
  assignment(): readonly TopicPartition[];

  /** Stops fetching from the partitions (e.g. to relieve back-pressure) without losing them. */
  pause(...partitions: TopicPartition[]): void;
  /** Resumes fetching paused partitions. */
  resume(...partitions: TopicPartition[]): void;

  /** Asks for `preCommit` and an offset commit soon, instead of waiting for the commit interval. */
  requestCommit(): void;

  /** The dead-letter reporter, or `null` when the connector has no error handling configured. */
  errantRecordReporter(): ErrantRecordReporter | null;
}
