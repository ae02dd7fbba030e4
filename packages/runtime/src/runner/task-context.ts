import {
  type ConnectorProps,
  type ErrantRecordReporter,
  type SinkTaskContext,
  type TopicPartition,
  TopicPartitionMap,
} from '@sinkkit/core';

/** What the runner does with the task's requests. */
export interface TaskContextHost {
  assignment(): readonly TopicPartition[];
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  requestCommit(): void;
  errantRecordReporter(): ErrantRecordReporter | null;
}

/**
 * The {@link SinkTaskContext} the runner gives its task. Seeks and the retry timeout are only
 * recorded here; the runner applies them after the current task call returns, as the
 * interface promises.
 */
export class TaskContext implements SinkTaskContext {
  readonly #configs: ConnectorProps;
  readonly #host: TaskContextHost;
  #seeks = new TopicPartitionMap<bigint>();
  #timeoutMs: number | null = null;

  constructor(configs: ConnectorProps, host: TaskContextHost) {
    this.#configs = configs;
    this.#host = host;
  }

  configs(): ConnectorProps {
    return this.#configs;
  }

  offset(tp: TopicPartition, offset: bigint): void;
  offset(offsets: TopicPartitionMap<bigint>): void;
  offset(tpOrMap: TopicPartition | TopicPartitionMap<bigint>, offset?: bigint): void {
    const entries = tpOrMap instanceof TopicPartitionMap ? [...tpOrMap] : [[tpOrMap, offset] as const];
    for (const [tp, o] of entries) {
      if (typeof o !== 'bigint' || o < 0n) {
        throw new RangeError(`context.offset needs a non-negative bigint offset for ${tp.topic}-${tp.partition}`);
      }
      this.#seeks.set(tp, o);
    }
  }

  timeout(ms: number): void {
    this.#timeoutMs = ms >= 0 ? ms : null;
  }

  assignment(): readonly TopicPartition[] {
    return this.#host.assignment();
  }

  pause(...partitions: TopicPartition[]): void {
    this.#host.pause(partitions);
  }

  resume(...partitions: TopicPartition[]): void {
    this.#host.resume(partitions);
  }

  requestCommit(): void {
    this.#host.requestCommit();
  }

  errantRecordReporter(): ErrantRecordReporter | null {
    return this.#host.errantRecordReporter();
  }

  /** The seeks requested since the last call, cleared. */
  takeSeeks(): TopicPartitionMap<bigint> {
    const seeks = this.#seeks;
    this.#seeks = new TopicPartitionMap();
    return seeks;
  }

  /** The last `timeout(ms)` hint, or `null`. */
  get retryTimeoutMs(): number | null {
    return this.#timeoutMs;
  }
}
