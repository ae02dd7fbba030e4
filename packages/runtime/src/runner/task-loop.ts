import {
  backoffDelay,
  type Clock,
  DataError,
  isRetriable,
  type OffsetAndMetadata,
  SinkkitError,
  type SinkRecord,
  type SinkTask,
  type TopicPartition,
  type TopicPartitionMap,
  topicPartition,
  topicPartitionKey,
} from '@sinkkit/core';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { DeadLetterQueue } from '../errors/dead-letter-queue.js';
import type { TaskErrantReporter } from '../errors/errant-reporter.js';
import type { ConsumerListener, FetchedRecord, KafkaConsumerPort } from '../kafka/kafka-port.js';
import type { Logger } from '../logger.js';
import type { ProcessingFailure } from '../pipeline/processing-failure.js';
import type { RecordPipeline } from '../pipeline/record-pipeline.js';
import { AssignmentTracker } from './assignment-tracker.js';
import { OffsetCommitter } from './offset-committer.js';
import { RecordBuffer } from './record-buffer.js';
import type { TaskContext, TaskContextHost } from './task-context.js';
import { WakeSignal } from './wake-signal.js';

/** What a {@link TaskLoop} works with; built by `SinkRunner`. */
export interface TaskLoopParts {
  config: RuntimeConfig;
  task: SinkTask;
  consumer: KafkaConsumerPort;
  pipeline: RecordPipeline;
  dlq: DeadLetterQueue | null;
  reporter: TaskErrantReporter | null;
  clock: Clock;
  logger: Logger;
  onCommit: ((committed: TopicPartitionMap<OffsetAndMetadata>) => void) | undefined;
  /** Called once when the loop ends: with the error that failed the task, or none after a stop. */
  onFinished: (error: Error | undefined) => void;
}

/**
 * The single loop that calls into the task, so calls never overlap. Consumer events only
 * update state and wake it; the loop then, in order: reconciles the assignment (commit, then
 * `close` revoked, `open` new), applies seeks, commits when due, and delivers the next batch.
 */
export class TaskLoop implements ConsumerListener {
  readonly #p: TaskLoopParts;
  readonly #tracker = new AssignmentTracker();
  readonly #buffer = new RecordBuffer();
  readonly #committer = new OffsetCommitter();
  readonly #wake: WakeSignal;
  #context: TaskContext | undefined;
  #taskPaused: TopicPartition[] = [];
  #backpressure = false;
  #paused = false;
  #commitRequested = false;
  #nextCommitAt: number;
  #stopRequested = false;
  #fatal: Error | undefined;
  #finished: Promise<void> | undefined;

  constructor(parts: TaskLoopParts) {
    this.#p = parts;
    this.#wake = new WakeSignal(parts.clock);
    this.#nextCommitAt = parts.clock.now() + parts.config.offsetFlushIntervalMs;
  }

  attach(context: TaskContext): void {
    this.#context = context;
  }

  contextHost(): TaskContextHost {
    return {
      assignment: () => this.#tracker.openPartitions(),
      pause: (tps) => {
        this.#taskPaused.push(...tps);
        this.#p.consumer.pause(tps);
      },
      resume: (tps) => {
        this.#taskPaused = this.#taskPaused.filter((p) => !tps.some((t) => same(t, p)));
        if (!this.#backpressure && !this.#paused) this.#p.consumer.resume(tps);
      },
      requestCommit: () => {
        this.#commitRequested = true;
        this.#wake.notify();
      },
      errantRecordReporter: () => this.#p.reporter,
    };
  }

  openPartitions(): TopicPartition[] {
    return this.#tracker.openPartitions();
  }

  /** Starts the consumer, then runs the loop in the background. */
  async start(): Promise<void> {
    await this.#p.consumer.start(this);
    this.#finished = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopRequested = true;
    this.#p.pipeline.interrupt(); // ends conversion retries (errors.retry.timeout) at once
    this.#wake.notify();
    await this.#finished;
  }

  /** Tears down after a failed start. */
  async abort(error: Error): Promise<void> {
    this.#fatal ??= error;
    await this.#p.consumer.stop().catch(() => {});
  }

  setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#applyPauses();
  }

  // ---- ConsumerListener: called synchronously from the Kafka client ----

  assigned(partitions: readonly TopicPartition[]): void {
    this.#tracker.setOwned(partitions);
    this.#buffer.retain((tp) => this.#tracker.owns(tp));
    // kafkajs restarts every partition from its committed offset after a join; partitions the
    // task keeps continue from where delivery got to instead.
    if (!this.#tracker.lost) {
      for (const tp of partitions) {
        const position = this.#tracker.isOpen(tp) ? this.#tracker.position(tp) : null;
        if (position !== null) this.#p.consumer.seek(tp, position);
      }
    }
    this.#applyPauses();
    this.#wake.notify();
  }

  rebalancing(): void {
    this.#commitRequested = true;
    this.#wake.notify();
  }

  lost(error: Error, restarting: boolean): void {
    this.#p.logger.warn('Kafka consumer lost its partitions', { error: error.message, restarting });
    this.#tracker.markLost();
    this.#buffer.clear();
    this.#wake.notify();
  }

  records(tp: TopicPartition, records: readonly FetchedRecord[]): void {
    if (!this.#tracker.owns(tp)) return;
    this.#buffer.push(tp, records);
    if (!this.#backpressure && this.#buffer.size >= this.#p.config.maxBufferedRecords) {
      this.#backpressure = true;
      this.#applyPauses();
    }
    this.#wake.notify();
  }

  fatal(error: Error): void {
    this.#fatal ??= error;
    this.#wake.notify();
  }

  // ---- the loop ----

  async #run(): Promise<void> {
    let failure: Error | undefined;
    try {
      while (!this.#stopRequested && !this.#fatal) {
        await this.#reconcile();
        await this.#applySeeks();
        if (this.#commitRequested || this.#p.clock.now() >= this.#nextCommitAt) await this.#commit('scheduled');
        const batch = this.#nextBatch();
        if (batch.length > 0) await this.#deliver(batch);
        else await this.#wake.wait(this.#nextCommitAt - this.#p.clock.now());
      }
      failure = this.#fatal;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    await this.#shutdown(failure);
    this.#p.onFinished(failure);
  }

  async #reconcile(): Promise<void> {
    const change = this.#tracker.pendingChange();
    if (change.revoked.length > 0) {
      // After a loss the consumer is out of the group: a commit could not succeed.
      if (!this.#tracker.lost) await this.#commit('rebalance');
      const revoked = change.revoked;
      await this.#p.task.close(revoked);
      this.#tracker.markClosed(revoked);
      this.#committer.forget(revoked);
      for (const tp of revoked) this.#buffer.purge(tp);
      this.#p.logger.info('Closed partitions', { partitions: revoked.map(topicPartitionKey) });
    }
    const assigned = this.#tracker.pendingChange().assigned;
    if (assigned.length > 0) {
      this.#tracker.markOpened(assigned);
      await this.#p.task.open(assigned);
      await this.#applySeeks();
    }
  }

  async #applySeeks(): Promise<void> {
    const seeks = this.#context?.takeSeeks();
    if (!seeks) return;
    for (const [tp, offset] of seeks) {
      if (!this.#tracker.isOpen(tp)) {
        this.#p.logger.warn('Ignoring a seek for a partition the task does not own', { tp: String(tp), offset });
        continue;
      }
      this.#p.consumer.seek(tp, offset);
      this.#buffer.purge(tp);
      this.#tracker.setPosition(tp, offset);
      this.#committer.advance(tp, offset);
    }
  }

  #nextBatch(): FetchedRecord[] {
    if (this.#paused) return [];
    const batch: FetchedRecord[] = [];
    // Records come in runs of one partition: look the partition up once per run, not per record.
    let run: FetchedRecord | undefined;
    let open = false;
    let position: bigint | null = null;
    for (const r of this.#buffer.take(this.#p.config.maxPollRecords)) {
      if (run === undefined || r.partition !== run.partition || r.topic !== run.topic) {
        run = r;
        const tp = topicPartition(r.topic, r.partition);
        open = this.#tracker.isOpen(tp);
        position = open ? this.#tracker.position(tp) : null;
      }
      if (open && (position === null || r.offset >= position)) batch.push(r);
    }
    if (this.#backpressure && this.#buffer.size <= this.#p.config.maxBufferedRecords / 2) {
      this.#backpressure = false;
      this.#applyPauses();
    }
    return batch;
  }

  async #deliver(fetched: FetchedRecord[]): Promise<void> {
    const { records, failures } = await this.#p.pipeline.process(fetched);
    if (this.#stopRequested) return; // a stop may have cut conversion retries short: deliver none of it
    if (failures.length > 0) await this.#handleFailures(failures);
    if (records.length > 0 && !(await this.#put(records))) return;
    // Offsets rise within a partition: the last record of each run of one partition is enough.
    for (let i = 0; i < fetched.length; i++) {
      const r = fetched[i] as FetchedRecord;
      const next = fetched[i + 1];
      if (next !== undefined && next.partition === r.partition && next.topic === r.topic) continue;
      const tp = topicPartition(r.topic, r.partition);
      if (!this.#tracker.isOpen(tp)) continue;
      this.#tracker.setPosition(tp, r.offset + 1n);
      this.#committer.advance(tp, r.offset + 1n);
    }
    await this.#applySeeks();
  }

  async #handleFailures(failures: ProcessingFailure[]): Promise<void> {
    const first = failures[0] as ProcessingFailure;
    if (this.#p.config.errorsTolerance === 'none') {
      const { record, stage, className, error } = first;
      // A DataError's message already ends with a location; keep one, the full one.
      const reason = error instanceof DataError ? error.reason : error.message;
      throw new DataError(`Tolerance exceeded in error handler: ${stage} (${className}) failed: ${reason}`, {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        code: (error as { code?: string }).code ?? 'DATA_INVALID',
        cause: error,
      });
    }
    if (this.#p.config.errorsLogEnable) {
      for (const f of failures) {
        this.#p.logger.warn('Skipping a record that failed', {
          stage: f.stage,
          topic: f.record.topic,
          partition: f.record.partition,
          offset: f.record.offset.toString(),
          error: f.error.message,
        });
      }
    }
    await this.#p.dlq?.report(failures);
  }

  /** Puts `records`, redelivering them after retriable errors; false when stopping interrupted it. */
  async #put(initial: SinkRecord[]): Promise<boolean> {
    let records = initial;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#p.task.put(records);
        return true;
      } catch (error) {
        if (!isRetriable(error)) {
          const message = error instanceof Error ? error.message : String(error);
          throw new SinkkitError(`Task threw an unrecoverable error from put(): ${message}`, {
            code: (error as { code?: string }).code ?? 'TASK_PUT_FAILED',
            cause: error,
          });
        }
        const delay = this.#context?.retryTimeoutMs ?? backoffDelay(attempt, { baseMs: 100, capMs: 5_000 });
        this.#p.logger.warn('put() failed with a retriable error; redelivering the batch', {
          attempt,
          delayMs: delay,
          error: (error as Error).message,
        });
        await this.#wake.wait(delay);
        if (this.#stopRequested || this.#fatal) return false;
        // A rebalance during the wait: close what went away and keep only what is still open.
        await this.#reconcile();
        records = records.filter((r) => this.#tracker.isOpen(r.originalTopicPartition));
        if (records.length === 0) return true;
      }
    }
  }

  async #commit(reason: string): Promise<void> {
    this.#commitRequested = false;
    this.#nextCommitAt = this.#p.clock.now() + this.#p.config.offsetFlushIntervalMs;
    if (this.#tracker.openPartitions().length === 0) return;
    await this.#p.reporter?.settle();
    try {
      const { committed } = await this.#committer.commit(
        this.#p.task,
        this.#p.consumer,
        (tp) => this.#tracker.isOpen(tp),
        this.#p.config.offsetFlushTimeoutMs,
      );
      if (committed.size > 0) this.#p.onCommit?.(committed);
    } catch (error) {
      // preCommit's own failures are the task's: a non-retriable one fails it. Commit failures
      // (rebalance, broker down, timeout) are retried on the next commit, as Connect does.
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
  async #finalCommit(): Promise<void> {
    if (this.#tracker.openPartitions().length === 0) return;
    await this.#p.reporter?.settle();
    const deadline = this.#p.clock.now() + this.#p.config.offsetFlushTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const { committed } = await this.#committer.commit(
          this.#p.task,
          this.#p.consumer,
          (tp) => this.#tracker.isOpen(tp),
          Math.max(1, deadline - this.#p.clock.now()),
        );
        if (committed.size > 0) this.#p.onCommit?.(committed);
        return;
      } catch (error) {
        if (!isRetriable(error) || this.#p.clock.now() >= deadline) throw error;
        await this.#p.clock.sleep(Math.min(200 * attempt, Math.max(0, deadline - this.#p.clock.now())));
      }
    }
  }

  #applyPauses(): void {
    const owned = this.#tracker.owned();
    if (owned.length === 0) return;
    if (this.#paused || this.#backpressure) this.#p.consumer.pause(owned);
    else {
      this.#p.consumer.resume(owned.filter((tp) => !this.#taskPaused.some((p) => same(p, tp))));
      this.#p.consumer.pause(this.#taskPaused.filter((tp) => this.#tracker.owns(tp)));
    }
  }

  async #shutdown(failure: Error | undefined): Promise<void> {
    const { task, consumer, logger } = this.#p;
    const open = this.#tracker.openPartitions();
    const step = async (what: string, fn: () => unknown) => {
      try {
        await fn();
      } catch (error) {
        logger.warn(`Shutdown: ${what} failed`, { error: (error as Error).message });
      }
    };
    if (!failure) {
      consumer.pause(this.#tracker.owned());
      await step('final commit', () => this.#finalCommit());
    }
    if (open.length > 0) await step('close', () => task.close(open));
    this.#tracker.markClosed(open);
    await step('consumer stop', () => consumer.stop());
    await step('task stop', () => task.stop());
    await step('pipeline close', () => this.#p.pipeline.close());
    await step('dead-letter queue close', () => this.#p.dlq?.close());
  }
}

function same(a: TopicPartition, b: TopicPartition): boolean {
  return a.topic === b.topic && a.partition === b.partition;
}
