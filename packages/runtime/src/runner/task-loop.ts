import {
  type Clock,
  type OffsetAndMetadata,
  SinkkitError,
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
import type { RecordPipeline } from '../pipeline/record-pipeline.js';
import { AssignmentTracker } from './assignment-tracker.js';
import { BufferRoom } from './buffer-room.js';
import { CommitSchedule } from './commit-schedule.js';
import { applyErrorTolerance } from './error-tolerance.js';
import { FetchPauses } from './fetch-pauses.js';
import { putWithRetry } from './put-with-retry.js';
import { RecordBuffer } from './record-buffer.js';
import { settlesWithin } from './shutdown-timeout.js';
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
 * Fetched records wait in a bounded buffer; while it is full the consumer waits for room.
 */
export class TaskLoop implements ConsumerListener {
  readonly #p: TaskLoopParts;
  readonly #tracker = new AssignmentTracker();
  readonly #buffer = new RecordBuffer();
  readonly #room: BufferRoom;
  readonly #commits: CommitSchedule;
  readonly #pauses: FetchPauses;
  readonly #wake: WakeSignal;
  #context: TaskContext | undefined;
  #stopRequested = false;
  #fatal: Error | undefined;
  #finished: Promise<void> | undefined;
  #joining = false;
  #interruptJoin: () => void = () => {};
  // Set when a stop came during the join: the consumer was told to leave and is not waited for.
  #leftWhileJoining = false;
  // Set when a stop gave up waiting for the task: nothing is committed for it any more.
  #abandoned = false;
  // What the loop is waiting on, for the line logged when a stop gives up on it.
  #doing = 'starting';

  constructor(parts: TaskLoopParts) {
    this.#p = parts;
    this.#wake = new WakeSignal(parts.clock);
    this.#room = new BufferRoom(this.#buffer, {
      maxRecords: parts.config.maxBufferedRecords,
      maxBytes: parts.config.maxBufferedBytes,
    });
    this.#pauses = new FetchPauses(parts.consumer, this.#tracker);
    this.#commits = new CommitSchedule({
      ...parts,
      // An abandoned task may still return from a hung preCommit: its answer is never committed.
      consumer: {
        commit: (offsets) =>
          this.#abandoned
            ? Promise.reject(
                new SinkkitError('Offset commit refused: the task was abandoned', { code: 'TASK_ABANDONED' }),
              )
            : parts.consumer.commit(offsets),
      },
      tracker: this.#tracker,
      intervalMs: parts.config.offsetFlushIntervalMs,
      timeoutMs: parts.config.offsetFlushTimeoutMs,
    });
  }

  attach(context: TaskContext): void {
    this.#context = context;
  }

  contextHost(): TaskContextHost {
    return {
      assignment: () => this.#tracker.openPartitions(),
      pause: (tps) => this.#pauses.pauseForTask(tps),
      resume: (tps) => this.#pauses.resumeForTask(tps),
      requestCommit: () => {
        this.#commits.request();
        this.#wake.notify();
      },
      errantRecordReporter: () => this.#p.reporter,
    };
  }

  openPartitions(): TopicPartition[] {
    return this.#tracker.openPartitions();
  }

  /**
   * Starts the consumer, then runs the loop in the background. After a {@link stop} the consumer
   * is not started (or its start, cut short, may fail): the loop then only shuts down.
   */
  async start(): Promise<void> {
    if (!this.#stopRequested) {
      this.#joining = true;
      this.#doing = 'joining the consumer group';
      const stopped = new Promise<void>((resolve) => {
        this.#interruptJoin = resolve;
      });
      try {
        await Promise.race([this.#p.consumer.start(this), stopped]);
      } catch (error) {
        if (!this.#stopRequested) throw error;
      } finally {
        this.#joining = false;
      }
    }
    this.#finished = this.#run();
  }

  /** Ends the loop gracefully; resolves once it has shut down (for a loop not started yet: at once). */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    this.#p.pipeline.interrupt(); // ends conversion retries (errors.retry.timeout) at once
    this.#wake.notify();
    if (this.#joining) {
      // A join may never complete (a broker that accepts connections and answers nothing), and
      // kafkajs's disconnect waits out the requests in flight (30 s each). Nothing is open and no
      // task call is under way: tell the consumer to leave, and shut the task down without waiting.
      this.#leftWhileJoining = true;
      this.#p.consumer.stop().catch(() => {});
      this.#interruptJoin();
    }
    await this.#finished;
  }

  /**
   * Gives up on a loop that did not stop in time: nothing more is committed for it, no record is
   * delivered, and the consumer leaves the group (waiting for that at most `leaveMs`). A task call
   * still under way is left to return whenever it does; the loop then only cleans up.
   */
  async abandon(leaveMs: number): Promise<void> {
    this.#abandoned = true;
    this.#stopRequested = true;
    this.#room.openForGood();
    this.#wake.notify();
    await settlesWithin(this.#p.consumer.stop(), leaveMs, this.#p.clock);
  }

  /** What the loop is waiting on now, e.g. `put()`, for a log line. */
  doing(): string {
    return this.#doing;
  }

  /** Tears down after a failed start. */
  async abort(error: Error): Promise<void> {
    this.#fatal ??= error;
    this.#room.openForGood();
    await this.#p.consumer.stop().catch(() => {});
  }

  setPaused(paused: boolean): void {
    this.#pauses.setRunnerPaused(paused);
    this.#wake.notify();
  }

  // ---- ConsumerListener: called synchronously from the Kafka client ----

  assigned(partitions: readonly TopicPartition[]): void {
    this.#tracker.setOwned(partitions);
    // kafkajs fetches every partition again after a join (from its committed offset, or the
    // seek below): whatever is buffered would arrive twice, the second copy behind the first.
    this.#buffer.clear();
    this.#room.changed();
    // Partitions the task keeps continue from where delivery got to, not the committed offset.
    if (!this.#tracker.lost) {
      for (const tp of partitions) {
        const position = this.#tracker.isOpen(tp) ? this.#tracker.position(tp) : null;
        if (position !== null) this.#p.consumer.seek(tp, position);
      }
    }
    this.#pauses.apply();
    this.#wake.notify();
  }

  rebalancing(): void {
    this.#commits.request();
    this.#wake.notify();
  }

  lost(error: Error, restarting: boolean): void {
    this.#p.logger.warn('Kafka consumer lost its partitions', { error: error.message, restarting });
    this.#tracker.markLost();
    this.#buffer.clear();
    this.#room.changed();
    this.#wake.notify();
  }

  records(tp: TopicPartition, records: readonly FetchedRecord[]): Promise<void> | undefined {
    if (!this.#tracker.owns(tp)) return undefined;
    this.#buffer.push(tp, records);
    this.#wake.notify();
    return this.#room.whenFull();
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
        this.#doing = 'open() or close() of a rebalance';
        await this.#reconcile();
        await this.#applySeeks();
        this.#doing = 'preCommit() or an offset commit';
        if (this.#commits.due) await this.#commits.commit('scheduled');
        const batch = this.#nextBatch();
        this.#doing = batch.length > 0 ? 'put()' : 'records';
        if (batch.length > 0) await this.#deliver(batch);
        else await this.#wake.waitUntil(this.#commits.nextAt);
      }
      failure = this.#fatal;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    this.#wake.dispose();
    await this.#shutdown(failure);
    this.#p.onFinished(failure);
  }

  async #reconcile(): Promise<void> {
    if (!this.#tracker.changePending) return;
    const change = this.#tracker.pendingChange();
    if (change.revoked.length > 0) {
      // After a loss the consumer is out of the group: a commit could not succeed.
      if (!this.#tracker.lost) await this.#commits.commit('rebalance');
      const revoked = change.revoked;
      await this.#p.task.close(revoked);
      this.#tracker.markClosed(revoked);
      this.#commits.forget(revoked);
      for (const tp of revoked) this.#buffer.purge(tp);
      this.#room.changed();
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
    if (!seeks || seeks.size === 0) return;
    for (const [tp, offset] of seeks) {
      if (!this.#tracker.isOpen(tp)) {
        this.#p.logger.warn('Ignoring a seek for a partition the task does not own', { tp: String(tp), offset });
        continue;
      }
      this.#p.consumer.seek(tp, offset);
      this.#buffer.purge(tp);
      this.#tracker.setPosition(tp, offset);
      this.#commits.advance(tp, offset);
    }
    this.#room.changed();
  }

  #nextBatch(): FetchedRecord[] {
    if (this.#pauses.runnerPaused) return [];
    const taken = this.#buffer.take(this.#p.config.maxPollRecords);
    if (taken.length === 0) return taken;
    this.#room.changed();
    const batch: FetchedRecord[] = [];
    // Records come in runs of one partition: look the partition up once per run, not per record.
    let run: FetchedRecord | undefined;
    let open = false;
    let position: bigint | null = null;
    for (const r of taken) {
      if (run === undefined || r.partition !== run.partition || r.topic !== run.topic) {
        run = r;
        const tp = topicPartition(r.topic, r.partition);
        open = this.#tracker.isOpen(tp);
        position = open ? this.#tracker.position(tp) : null;
      }
      if (open && (position === null || r.offset >= position)) batch.push(r);
    }
    return batch;
  }

  async #deliver(fetched: FetchedRecord[]): Promise<void> {
    const { records, failures } = await this.#p.pipeline.process(fetched);
    if (this.#stopRequested) return; // a stop may have cut conversion retries short: deliver none of it
    if (failures.length > 0) {
      const { config, dlq, logger } = this.#p;
      await applyErrorTolerance(failures, {
        tolerance: config.errorsTolerance,
        logEnable: config.errorsLogEnable,
        dlq,
        logger,
      });
    }
    if (records.length > 0) {
      const done = await putWithRetry(records, {
        task: this.#p.task,
        logger: this.#p.logger,
        retryTimeoutMs: () => this.#context?.retryTimeoutMs ?? null,
        wait: (ms) => this.#sleep(ms),
        interrupted: () => this.#stopRequested || this.#fatal !== undefined,
        reconcile: () => this.#reconcile(),
        isOpen: (r) => this.#tracker.isOpen(r.originalTopicPartition),
      });
      if (!done) return;
    }
    // Offsets rise within a partition: the last record of each run of one partition is enough.
    for (let i = 0; i < fetched.length; i++) {
      const r = fetched[i] as FetchedRecord;
      const next = fetched[i + 1];
      if (next !== undefined && next.partition === r.partition && next.topic === r.topic) continue;
      const tp = topicPartition(r.topic, r.partition);
      if (!this.#tracker.isOpen(tp)) continue;
      this.#tracker.setPosition(tp, r.offset + 1n);
      this.#commits.advance(tp, r.offset + 1n);
    }
    await this.#applySeeks();
  }

  /** Sleeps `ms`, less when stopping, failing or the assignment changed; arriving records do not cut it short. */
  async #sleep(ms: number): Promise<void> {
    const until = this.#p.clock.now() + ms;
    while (!this.#stopRequested && !this.#fatal && !this.#tracker.changePending && this.#p.clock.now() < until) {
      await this.#wake.waitUntil(until);
    }
  }

  async #shutdown(failure: Error | undefined): Promise<void> {
    const { task, consumer, logger } = this.#p;
    const open = this.#tracker.openPartitions();
    const step = async (what: string, fn: () => unknown) => {
      this.#doing = `shutting down: ${what}`;
      try {
        await fn();
      } catch (error) {
        logger.warn(`Shutdown: ${what} failed`, { error: (error as Error).message });
      }
    };
    if (!failure) consumer.pause(this.#tracker.owned());
    // Nothing more is delivered: a consumer waiting for room must not hold up its own stop.
    this.#room.openForGood();
    if (!failure && !this.#abandoned) await step('final commit', () => this.#commits.final());
    if (open.length > 0) await step('close', () => task.close(open));
    this.#tracker.markClosed(open);
    if (!this.#leftWhileJoining) await step('consumer stop', () => consumer.stop());
    await step('task stop', () => task.stop());
    await step('pipeline close', () => this.#p.pipeline.close());
    await step('dead-letter queue close', () => this.#p.dlq?.close());
  }
}
