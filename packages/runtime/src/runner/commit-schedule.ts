import {
  type Clock,
  isRetriable,
  type OffsetAndMetadata,
  type SinkTask,
  type TopicPartition,
  type TopicPartitionMap,
} from '@sinkkit/core';
import type { TaskErrantReporter } from '../errors/errant-reporter.js';
import type { KafkaConsumerPort } from '../kafka/kafka-port.js';
import type { Logger } from '../logger.js';
import type { AssignmentTracker } from './assignment-tracker.js';
import { OffsetCommitter } from './offset-committer.js';

/** What a {@link CommitSchedule} works with. */
export interface CommitScheduleParts {
  readonly task: SinkTask;
  readonly consumer: Pick<KafkaConsumerPort, 'commit'>;
  readonly tracker: AssignmentTracker;
  readonly reporter: TaskErrantReporter | null;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `offset.flush.interval.ms` */
  readonly intervalMs: number;
  /** `offset.flush.timeout.ms` */
  readonly timeoutMs: number;
  readonly onCommit: ((committed: TopicPartitionMap<OffsetAndMetadata>) => void) | undefined;
}

/**
 * When and how the task loop commits: every `offset.flush.interval.ms`, on request
 * (`context.requestCommit()`, a rebalance), and once more at shutdown, each time committing
 * what `preCommit` returns for open partitions (see {@link OffsetCommitter}).
 */
export class CommitSchedule {
  readonly #p: CommitScheduleParts;
  readonly #committer = new OffsetCommitter();
  #requested = false;
  #nextAt: number;

  constructor(parts: CommitScheduleParts) {
    this.#p = parts;
    this.#nextAt = parts.clock.now() + parts.intervalMs;
  }

  /** Everything before `next` on `tp` went to `put` (or was seeked past). */
  advance(tp: TopicPartition, next: bigint): void {
    this.#committer.advance(tp, next);
  }

  forget(partitions: readonly TopicPartition[]): void {
    this.#committer.forget(partitions);
  }

  request(): void {
    this.#requested = true;
  }

  get due(): boolean {
    return this.#requested || this.#p.clock.now() >= this.#nextAt;
  }

  /** When the next scheduled commit is due (epoch ms). */
  get nextAt(): number {
    return this.#nextAt;
  }

  /**
   * Commits now. preCommit's own non-retriable failures are the task's and reject; commit
   * failures (rebalance, broker down, timeout) are logged and retried on the next commit, as
   * Connect does.
   */
  async commit(reason: string): Promise<void> {
    this.#requested = false;
    this.#nextAt = this.#p.clock.now() + this.#p.intervalMs;
    if (this.#p.tracker.openPartitions().length === 0) return;
    await this.#p.reporter?.settle();
    try {
      await this.#commitOnce(this.#p.timeoutMs);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'TASK_PRECOMMIT_FAILED' && !isRetriable(error)) throw error;
      this.#p.logger.info(`Offset commit (${reason}) failed; will retry`, { error: (error as Error).message });
    }
  }

  /**
   * The shutdown commit, retried until `offset.flush.timeout.ms` passes: when several members
   * stop together the group rebalances under us, and a commit refused then succeeds after
   * kafkajs rejoined (Kafka accepts commits of any partition from a current member).
   */
  async final(): Promise<void> {
    const { clock, tracker } = this.#p;
    if (tracker.openPartitions().length === 0) return;
    await this.#p.reporter?.settle();
    const deadline = clock.now() + this.#p.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#commitOnce(Math.max(1, deadline - clock.now()));
        return;
      } catch (error) {
        if (!isRetriable(error) || clock.now() >= deadline) throw error;
        await clock.sleep(Math.min(200 * attempt, Math.max(0, deadline - clock.now())));
      }
    }
  }

  async #commitOnce(timeoutMs: number): Promise<void> {
    const { task, consumer, tracker } = this.#p;
    const { committed } = await this.#committer.commit(task, consumer, (tp) => tracker.isOpen(tp), timeoutMs);
    if (committed.size > 0) this.#p.onCommit?.(committed);
  }
}
