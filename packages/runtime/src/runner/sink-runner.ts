import {
  type Clock,
  type ConnectorProps,
  type OffsetAndMetadata,
  SinkkitError,
  type SinkTask,
  systemClock,
  type TopicPartitionMap,
  topicPartitionKey,
} from '@sinkkit/core';
import { type PluginClasses, PluginRegistry } from '../config/plugin-registry.js';
import { parseRuntimeConfig, type RuntimeConfig } from '../config/runtime-config.js';
import { DeadLetterQueue } from '../errors/dead-letter-queue.js';
import { TaskErrantReporter } from '../errors/errant-reporter.js';
import type { KafkaConsumerPort, KafkaProducerPort } from '../kafka/kafka-port.js';
import type { KafkaClientOverrides } from '../kafka/kafkajs-client-config.js';
import { KafkajsConsumer, type KafkajsConsumerOptions } from '../kafka/kafkajs-consumer.js';
import { KafkajsProducer } from '../kafka/kafkajs-producer.js';
import { WorkerThreadConsumer } from '../kafka/thread/worker-thread-consumer.js';
import { consoleLogger, type Logger } from '../logger.js';
import { buildPipeline } from '../pipeline/build-pipeline.js';
import { type RunnerState, type RunnerStatus, statusError } from './runner-status.js';
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  LEAVE_GROUP_GRACE_MS,
  SHUTDOWN_TIMEOUT_KEY,
  settlesWithin,
} from './shutdown-timeout.js';
import { TaskContext } from './task-context.js';
import { TaskLoop } from './task-loop.js';

/** How to build a {@link SinkRunner}. */
export interface SinkRunnerOptions {
  /** The task to drive; the runner calls `initialize`, `start`, … `stop` on it. */
  task: SinkTask;
  /**
   * Connector properties with Kafka Connect's keys (`name`, `bootstrap.servers`, `topics`,
   * `value.converter`, `errors.tolerance`, …); values as strings or already typed.
   */
  config: Readonly<Record<string, unknown>>;
  /** Converter, transformation and predicate classes the configuration may name. */
  plugins?: PluginClasses;
  /** Default: warnings and errors to stderr. */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Replaces the kafkajs consumer (tests, other clients). */
  consumer?: (config: RuntimeConfig, logger: Logger) => KafkaConsumerPort;
  /** Replaces the kafkajs producer used by the dead-letter queue. */
  producer?: (config: RuntimeConfig, logger: Logger) => KafkaProducerPort;
  /**
   * kafkajs client options for the consumer and the dead-letter producer, merged over those the
   * `security.protocol` / `ssl.*` / `sasl.*` keys map to: `ssl` field by field, `sasl` whole
   * (e.g. `{ mechanism: 'oauthbearer', oauthBearerProvider }`), anything else as given.
   */
  kafka?: KafkaClientOverrides;
  /** Called after every successful offset commit with what was committed. */
  onCommit?: (committed: TopicPartitionMap<OffsetAndMetadata>) => void;
}

/**
 * Drives one {@link SinkTask} from a Kafka consumer group, with Kafka Connect's contract:
 * `open` before any record of a newly assigned partition reaches `put`, `close` for revoked
 * ones (and nothing of them delivered afterwards), offsets committed only as `preCommit`
 * returns them — on `offset.flush.interval.ms`, on `context.requestCommit()`, on rebalance and
 * at shutdown — seeks, back-pressure, retries of `RetriableError`s from `put`, and
 * `errors.tolerance` with a dead-letter queue.
 *
 * ```ts
 * const runner = new SinkRunner({ task: new MyTask(), config: { name: 'my-sink', 'bootstrap.servers': 'localhost:9092', topics: 'orders' } });
 * await runner.start();   // rejects with a ConfigError for bad settings
 * // … later
 * await runner.stop();
 * ```
 */
export class SinkRunner {
  readonly #options: SinkRunnerOptions;
  readonly #logger: Logger;
  #state: RunnerState = 'UNASSIGNED';
  #config: RuntimeConfig | undefined;
  #loop: TaskLoop | undefined;
  #error: Error | undefined;
  #stopping: Promise<void> | undefined;
  #stopRequested = false;
  #abandoned = false;
  // What start() is waiting on, for the line logged when a stop gives up on it.
  #starting = 'starting';
  #resolveDone: (status: RunnerStatus) => void = () => {};
  #resolveStopped: () => void = () => {};
  readonly #stopped: Promise<void>;
  /** Settles with the final status once the runner is `STOPPED` or `FAILED`. */
  readonly done: Promise<RunnerStatus>;

  constructor(options: SinkRunnerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#stopped = new Promise((resolve) => {
      this.#resolveStopped = resolve;
    });
  }

  /**
   * Whether the last {@link stop} gave up on the task after `task.shutdown.graceful.timeout.ms`:
   * nothing more was committed for it, and what it had not committed is read again from Kafka by
   * the partitions' next owner.
   */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  /**
   * Parses the configuration, starts the task and joins the consumer group. Resolves once the
   * consumer runs (partitions arrive with the first join, a few seconds later). Rejects with a
   * `ConfigError` naming key, value and reason for bad settings, or with the task's own error.
   * A {@link stop} meanwhile cuts the start short: it then resolves once the stop has (state
   * `STOPPED`), within `task.shutdown.graceful.timeout.ms` whatever the start was waiting on.
   */
  async start(): Promise<void> {
    if (this.#state !== 'UNASSIGNED' || this.#stopRequested) {
      throw new SinkkitError('SinkRunner.start called twice, or after stop', { code: 'RUNNER_STATE' });
    }
    const starting = this.#start();
    // Abandoned by a stop, a start still under way may fail later: that is no one's error any more.
    starting.catch(() => {});
    await Promise.race([starting, this.#stopped]);
  }

  async #start(): Promise<void> {
    const props = this.#options.config;
    try {
      const registry = new PluginRegistry(this.#options.plugins);
      const config = parseRuntimeConfig(props, registry);
      this.#config = config;
      const pipeline = buildPipeline(config, registry, { clock: this.#options.clock, logger: this.#logger });
      const producer =
        config.deadLetterTopic === null
          ? null
          : (this.#options.producer?.(config, this.#logger) ??
            new KafkajsProducer({
              brokers: config.bootstrapServers,
              clientId: `${config.clientId}-dlq`,
              logger: this.#logger,
              security: config.kafkaSecurity.producer,
              kafka: this.#options.kafka,
            }));
      const dlq =
        producer && config.deadLetterTopic
          ? new DeadLetterQueue(producer, config.deadLetterTopic, config.deadLetterContextHeaders, {
              connectorName: config.name,
              taskId: config.taskId,
            })
          : null;
      const consumer =
        this.#options.consumer?.(config, this.#logger) ?? defaultConsumer(config, this.#logger, this.#options.kafka);
      const task = this.#options.task;
      // Only records reported to the dead-letter queue need their fetched bytes.
      if (dlq) pipeline.trackOrigins();
      const reporter =
        config.errorsTolerance === 'none' && !dlq
          ? null
          : new TaskErrantReporter({
              tolerance: config.errorsTolerance,
              dlq,
              taskClass: task.constructor.name,
              originOf: (r) => pipeline.originOf(r),
              log: (m, f) => this.#logger.warn(m, f),
            });
      const loop = new TaskLoop({
        config,
        task,
        consumer,
        pipeline,
        dlq,
        reporter,
        clock: this.#options.clock ?? systemClock,
        logger: this.#logger,
        onCommit: this.#options.onCommit,
        onFinished: (error) => this.#finish(error),
      });
      this.#loop = loop;
      const context = new TaskContext(stringProps(props), loop.contextHost());
      pipeline.withholdWith((records) => context.withholdPaused(records)); // paused partitions
      loop.attach(context);
      this.#starting = 'connecting the dead-letter queue producer';
      await producer?.connect();
      if (!this.#stopRequested) {
        task.initialize(context);
        this.#starting = 'task start()';
        await task.start(context.configs());
      }
      // After a stop the loop does not join the group: it only shuts the task down.
      if (!this.#stopRequested) this.#state = 'RUNNING';
      await loop.start();
    } catch (error) {
      // A start the stop gave up on, failing late: the runner is STOPPED already; only clean up.
      if (this.#abandoned) {
        await this.#loop?.abort(asError(error));
        return;
      }
      this.#error = asError(error);
      this.#state = 'FAILED';
      await this.#loop?.abort(this.#error);
      this.#resolveDone(this.status());
      throw error;
    }
  }

  /**
   * Stops fetching, commits what `preCommit` returns, closes the partitions and stops the task;
   * during a start, cuts it short. Idempotent. Resolves within `task.shutdown.graceful.timeout.ms`
   * (plus at most a second to leave the consumer group) whatever the task or the store is doing:
   * when that time passes the task is abandoned (see {@link abandoned}) and one error line names it.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#stopRequested = true;
      const loop = this.#loop;
      if (loop === undefined) {
        // Never started, or its configuration was refused.
        this.#finish(undefined);
        return;
      }
      const timeoutMs = this.#config?.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
      const clock = this.#options.clock ?? systemClock;
      const graceful = (async () => {
        await loop.stop();
        await this.done;
      })();
      if (await settlesWithin(graceful, timeoutMs, clock)) return;
      const doing = this.#state === 'UNASSIGNED' ? this.#starting : loop.doing();
      this.#logger.error(
        `Task ${this.#config?.name}-${this.#config?.taskId} did not stop within ${SHUTDOWN_TIMEOUT_KEY}=${timeoutMs} ms ` +
          `(waiting on ${doing}); abandoning it: nothing more is committed for it, and its uncommitted records will be re-read from Kafka`,
      );
      this.#abandoned = true;
      await loop.abandon(LEAVE_GROUP_GRACE_MS);
      this.#finish(undefined);
    })().finally(() => this.#resolveStopped());
    return this.#stopping;
  }

  /** Stops fetching without giving up the partitions (state `PAUSED`). */
  pause(): void {
    if (this.#state !== 'RUNNING') return;
    this.#loop?.setPaused(true);
    this.#state = 'PAUSED';
  }

  resume(): void {
    if (this.#state !== 'PAUSED') return;
    this.#loop?.setPaused(false);
    this.#state = 'RUNNING';
  }

  /** The current state, assignment and (when failed) the error, with secrets redacted. */
  status(): RunnerStatus {
    const error = this.#error;
    return {
      state: this.#state,
      connector: this.#config?.name ?? String(this.#options.config.name ?? ''),
      taskId: this.#config?.taskId ?? 0,
      assignment: (this.#loop?.openPartitions() ?? []).map(topicPartitionKey),
      ...(error ? { error: statusError(error) } : {}),
    };
  }

  #finish(error: Error | undefined): void {
    if (this.#state === 'STOPPED' || (this.#state === 'FAILED' && this.#error)) return;
    if (error) {
      this.#error = error;
      this.#state = 'FAILED';
      // The whole trace, causes included: the task's own frames are in the causes.
      this.#logger.error(`Task failed: ${this.status().error?.trace}`, { connector: this.#config?.name });
    } else {
      this.#state = 'STOPPED';
    }
    this.#resolveDone(this.status());
  }
}

function defaultConsumer(config: RuntimeConfig, logger: Logger, kafka?: KafkaClientOverrides): KafkaConsumerPort {
  const options: KafkajsConsumerOptions = {
    brokers: config.bootstrapServers,
    clientId: config.clientId,
    groupId: config.groupId,
    topics: config.topics,
    autoOffsetReset: config.autoOffsetReset,
    sessionTimeout: config.sessionTimeoutMs,
    heartbeatInterval: config.heartbeatIntervalMs,
    maxWaitTimeInMs: config.fetchMaxWaitMs,
    maxRestarts: config.maxConsumerRestarts,
    logger,
    security: config.kafkaSecurity.consumer,
    ...(kafka === undefined ? {} : { kafka }),
  };
  return config.consumerThread === 'worker' ? new WorkerThreadConsumer(options) : new KafkajsConsumer(options);
}

function stringProps(props: Readonly<Record<string, unknown>>): ConnectorProps {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (v != null) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return Object.freeze(out);
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
