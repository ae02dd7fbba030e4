import { SinkkitError } from '../errors/sinkkit-error.js';
import type { SinkRecord } from '../record/sink-record.js';
import type { OffsetAndMetadata, TopicPartition } from '../record/topic-partition.js';
import type { TopicPartitionMap } from '../record/topic-partition-map.js';
import type { ConnectorProps, MaybePromise } from './props.js';
import type { SinkTaskContext } from './sink-task-context.js';

/**
 * The class users extend to write records somewhere, with Kafka Connect's `SinkTask` contract.
 * The runtime calls, in order: `initialize(context)`, `start(props)`, then for each rebalance
 * `open(partitions)` … `put(records)` … `preCommit(offsets)` … `close(partitions)`, and finally
 * `stop()`. Calls never overlap. Every method may return a promise; the runtime awaits it.
 *
 * Offsets: `preCommit` returns what may be committed to Kafka. The default flushes and then
 * returns the offsets of everything handed to `put`, as Connect does; a sink that writes
 * asynchronously overrides it to return only offsets whose data is durable.
 */
export abstract class SinkTask {
  /** Property naming the topics to consume (comma-separated). */
  static readonly TOPICS_CONFIG = 'topics';
  /** Property with a regex of topics to consume, instead of `topics`. */
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  #context: SinkTaskContext | undefined;

  /** Called by the runtime before `start`; gives the task its {@link SinkTaskContext}. */
  initialize(context: SinkTaskContext): void {
    this.#context = context;
  }

  /** The runtime's context; throws if used before `initialize`. */
  protected get context(): SinkTaskContext {
    if (!this.#context) {
      throw new SinkkitError('SinkTask.context used before initialize(context)', { code: 'TASK_NOT_INITIALIZED' });
    }
    return this.#context;
  }

  /** Version of this task's implementation, for logs and the REST API. */
  abstract version(): string;

  /** Parses the configuration and acquires resources. Throw `ConfigError` for bad settings. */
  abstract start(props: ConnectorProps): MaybePromise<void>;

  /**
   * The task now owns `partitions` (after a rebalance or at start). Recover per-partition state
   * here and call `context.offset(...)` to resume from offsets the sink keeps itself.
   */
  open(_partitions: readonly TopicPartition[]): MaybePromise<void> {}

  /**
   * Writes (or buffers) `records`. Throw a `RetriableError` to have the same records redelivered
   * after `context.timeout(ms)`; any other error fails the task. Must not block for long: buffer
   * and return, and make data durable in `flush`/`preCommit`.
   */
  abstract put(records: readonly SinkRecord[]): MaybePromise<void>;

  /**
   * Makes everything handed to `put` durable. `currentOffsets` holds, per partition, the offset
   * after the last record passed to `put`.
   */
  flush(_currentOffsets: TopicPartitionMap<OffsetAndMetadata>): MaybePromise<void> {}

  /**
   * Returns the offsets safe to commit: per partition, the next offset whose data is not yet
   * durable. Partitions left out are not committed. Default: `flush(currentOffsets)`, then all of
   * `currentOffsets`.
   */
  preCommit(currentOffsets: TopicPartitionMap<OffsetAndMetadata>): MaybePromise<TopicPartitionMap<OffsetAndMetadata>> {
    const flushed = this.flush(currentOffsets);
    return flushed ? flushed.then(() => currentOffsets) : currentOffsets;
  }

  /**
   * The task no longer owns `partitions`: drop their writers and buffers (already committed
   * data is safe; uncommitted data will be redelivered to the new owner).
   */
  close(_partitions: readonly TopicPartition[]): MaybePromise<void> {}

  /** Releases everything; called once, after the last `close`. */
  abstract stop(): MaybePromise<void>;
}
