import {
  type ConnectorProps,
  type ErrantRecordReporter,
  type SinkTaskContext,
  type TopicPartition,
  TopicPartitionMap,
  topicPartitionKey,
} from '@sinkkit/core';

/** What a {@link TestSinkTaskContext} starts with. */
export interface TestSinkTaskContextOptions {
  /** What `configs()` answers. Default `{}`. */
  configs?: ConnectorProps;
  /** The assigned partitions, until {@link TestSinkTaskContext.assign} changes them. Default none. */
  assignment?: readonly TopicPartition[];
  /** What `errantRecordReporter()` answers. Default `null` (no dead-letter queue configured). */
  errantRecordReporter?: ErrantRecordReporter | null;
}

/**
 * A {@link SinkTaskContext} for driving a SinkTask by hand in a test, as the runtime would, that
 * records what the task asked of it: seeks (`offsets`, the last one per partition), paused
 * partitions, commit requests and the last retry timeout.
 */
export class TestSinkTaskContext implements SinkTaskContext {
  /** The last offset the task asked each partition to continue from, by `topic-partition` key. */
  readonly offsets = new Map<string, bigint>();
  /** Partitions the task paused and has not resumed, by `topic-partition` key. */
  readonly paused = new Set<string>();
  /** How many times the task called `requestCommit()`. */
  commitRequests = 0;
  /** The last `timeout(ms)` hint, if any. */
  lastTimeoutMs: number | undefined;
  #assignment: readonly TopicPartition[];
  readonly #configs: ConnectorProps;
  readonly #reporter: ErrantRecordReporter | null;

  constructor(options: TestSinkTaskContextOptions = {}) {
    this.#configs = options.configs ?? {};
    this.#assignment = options.assignment ?? [];
    this.#reporter = options.errantRecordReporter ?? null;
  }

  /** Replaces the assignment `assignment()` answers (call it beside the task's `open`/`close`). */
  assign(partitions: readonly TopicPartition[]): void {
    this.#assignment = partitions;
  }

  configs(): ConnectorProps {
    return this.#configs;
  }

  offset(tp: TopicPartition, offset: bigint): void;
  offset(offsets: TopicPartitionMap<bigint>): void;
  offset(tpOrOffsets: TopicPartition | TopicPartitionMap<bigint>, offset?: bigint): void {
    if (!(tpOrOffsets instanceof TopicPartitionMap)) this.offsets.set(topicPartitionKey(tpOrOffsets), offset as bigint);
    else for (const [tp, o] of tpOrOffsets) this.offsets.set(topicPartitionKey(tp), o);
  }

  timeout(ms: number): void {
    this.lastTimeoutMs = ms;
  }

  assignment(): readonly TopicPartition[] {
    return this.#assignment;
  }

  pause(...partitions: TopicPartition[]): void {
    for (const tp of partitions) this.paused.add(topicPartitionKey(tp));
  }

  resume(...partitions: TopicPartition[]): void {
    for (const tp of partitions) this.paused.delete(topicPartitionKey(tp));
  }

  requestCommit(): void {
    this.commitRequests++;
  }

  errantRecordReporter(): ErrantRecordReporter | null {
    return this.#reporter;
  }
}
