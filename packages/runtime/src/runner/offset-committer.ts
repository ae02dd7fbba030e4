import {
  isRetriable,
  type OffsetAndMetadata,
  SinkkitError,
  type SinkTask,
  type TopicPartition,
  TopicPartitionMap,
} from '@sinkkit/core';
import type { KafkaConsumerPort } from '../kafka/kafka-port.js';

/** The outcome of one {@link OffsetCommitter.commit}. */
export interface CommitResult {
  /** What preCommit returned (for open partitions). */
  readonly returned: TopicPartitionMap<OffsetAndMetadata>;
  /** What was sent to Kafka (returned offsets that changed since the last commit). */
  readonly committed: TopicPartitionMap<OffsetAndMetadata>;
}

/**
 * Tracks, per open partition, the offset after the last record handed to `put` (Connect's
 * `currentOffsets`) and commits what `preCommit` returns — never anything else: offsets the
 * task leaves out are not committed, and offsets for partitions the task does not have open
 * are ignored, as Connect ignores them.
 */
export class OffsetCommitter {
  #current = new TopicPartitionMap<OffsetAndMetadata>();
  #committed = new TopicPartitionMap<bigint>();

  /** Records that everything before `next` on `tp` went to `put` (or was seeked past). */
  advance(tp: TopicPartition, next: bigint): void {
    this.#current.set(tp, { offset: next });
  }

  forget(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      this.#current.delete(tp);
      this.#committed.delete(tp);
    }
  }

  /** A copy of the current offsets, as `preCommit` receives them. */
  currentOffsets(): TopicPartitionMap<OffsetAndMetadata> {
    return new TopicPartitionMap(this.#current);
  }

  /**
   * Calls `task.preCommit(currentOffsets)` and commits its answer for `open` partitions.
   * A commit that fails or takes longer than `timeoutMs` rejects; nothing is marked committed.
   * Rejects with code `TASK_PRECOMMIT_FAILED` when `preCommit` throws.
   */
  async commit(
    task: SinkTask,
    consumer: Pick<KafkaConsumerPort, 'commit'>,
    isOpen: (tp: TopicPartition) => boolean,
    timeoutMs: number,
  ): Promise<CommitResult> {
    let answer: TopicPartitionMap<OffsetAndMetadata>;
    try {
      answer = await task.preCommit(this.currentOffsets());
    } catch (error) {
      throw new SinkkitError(`Task threw from preCommit(): ${(error as Error)?.message ?? String(error)}`, {
        code: 'TASK_PRECOMMIT_FAILED',
        retriable: isRetriable(error),
        cause: error,
      });
    }
    const returned = new TopicPartitionMap<OffsetAndMetadata>();
    const toCommit = new TopicPartitionMap<OffsetAndMetadata>();
    for (const [tp, o] of answer ?? []) {
      if (!isOpen(tp)) continue;
      returned.set(tp, o);
      if (this.#committed.get(tp) !== o.offset) toCommit.set(tp, o);
    }
    if (toCommit.size > 0) {
      await withTimeout(consumer.commit(toCommit), timeoutMs);
      for (const [tp, o] of toCommit) this.#committed.set(tp, o.offset);
    }
    return { returned, committed: toCommit };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SinkkitError(`Offset commit did not finish within ${ms} ms`, {
            code: 'OFFSET_COMMIT_TIMEOUT',
            retriable: true,
          }),
        ),
      ms,
    );
  });
  // The commit may still settle after the timeout; never let that surface as unhandled.
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
