import {
  type ConnectorProps,
  type ErrantRecordReporter,
  type SinkTaskContext,
  type TopicPartition,
  TopicPartitionMap,
  topicPartition,
  topicPartitionKey,
} from '@sinkkit/core';
import type { FetchedRecord } from '../kafka/kafka-port.js';

/** What the runner does with the task's requests. */
export interface TaskContextHost {
  assignment(): readonly TopicPartition[];
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  requestCommit(): void;
  errantRecordReporter(): ErrantRecordReporter | null;
}

/** A partition the task paused, and the first of its records held back since. */
interface Paused {
  readonly tp: TopicPartition;
  firstWithheld: bigint | null;
}

/**
 * The {@link SinkTaskContext} the runner gives its task. Seeks and the retry timeout are only
 * recorded here; the runner applies them after the current task call returns, as the
 * interface promises.
 *
 * `pause()` stops fetching, and {@link withholdPaused} keeps records of paused partitions that
 * were fetched already (buffered, or in flight) from reaching the task: they are dropped and a
 * seek back to the first of them is requested, so they are fetched again after `resume()` —
 * as Kafka's consumer drops fetched data of a partition paused before `poll` returns it.
 */
export class TaskContext implements SinkTaskContext {
  readonly #configs: ConnectorProps;
  readonly #host: TaskContextHost;
  #seeks = new TopicPartitionMap<bigint>();
  // Keys of pending seeks that withholdPaused requested (a task's own seek replaces them).
  #withheldSeeks = new Set<string>();
  readonly #paused = new Map<string, Paused>();
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
      this.#withheldSeeks.delete(topicPartitionKey(tp));
    }
  }

  timeout(ms: number): void {
    this.#timeoutMs = ms >= 0 ? ms : null;
  }

  assignment(): readonly TopicPartition[] {
    return this.#host.assignment();
  }

  pause(...partitions: TopicPartition[]): void {
    for (const tp of partitions) {
      const key = topicPartitionKey(tp);
      if (!this.#paused.has(key)) this.#paused.set(key, { tp, firstWithheld: null });
    }
    this.#host.pause(partitions);
  }

  resume(...partitions: TopicPartition[]): void {
    for (const tp of partitions) this.#paused.delete(topicPartitionKey(tp));
    this.#host.resume(partitions);
  }

  /**
   * `records` without those of partitions the task paused; for each such partition a seek back
   * to the first record held back since the pause is requested (unless the task asked for its
   * own seek), so the runner neither delivers nor commits them and they come again after
   * `resume()`. Free while nothing is paused.
   */
  withholdPaused(records: readonly FetchedRecord[]): readonly FetchedRecord[] {
    if (this.#paused.size === 0) return records;
    const kept: FetchedRecord[] = [];
    // Records come in runs of one partition: look the partition up once per run.
    let run: FetchedRecord | undefined;
    let paused: Paused | undefined;
    for (const r of records) {
      if (run === undefined || r.partition !== run.partition || r.topic !== run.topic) {
        run = r;
        paused = this.#paused.get(topicPartitionKey(topicPartition(r.topic, r.partition)));
      }
      if (paused === undefined) {
        kept.push(r);
        continue;
      }
      // The earliest offset held back, not the latest run's: records fetched before an earlier
      // seek back may still arrive, and seeking past them would skip the ones in between.
      if (paused.firstWithheld === null || r.offset < paused.firstWithheld) paused.firstWithheld = r.offset;
      const key = topicPartitionKey(paused.tp);
      if (!this.#seeks.has(paused.tp) || this.#withheldSeeks.has(key)) {
        this.#seeks.set(paused.tp, paused.firstWithheld);
        this.#withheldSeeks.add(key);
      }
    }
    return kept;
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
    this.#withheldSeeks.clear();
    return seeks;
  }

  /** The last `timeout(ms)` hint, or `null`. */
  get retryTimeoutMs(): number | null {
    return this.#timeoutMs;
  }
}
