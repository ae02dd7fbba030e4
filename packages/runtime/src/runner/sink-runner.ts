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
import { type RunnerState, type RunnerStatus, redactSecrets } from './runner-status.js';
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
  #secrets: string[] = [];
  #stopping: Promise<void> | undefined;
  #resolveDone: (status: RunnerStatus) => void = () => {};
  /** Settles with the final status once the runner is `STOPPED` or `FAILED`. */
  readonly done: Promise<RunnerStatus>;

  constructor(options: SinkRunnerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  /**
   * Parses the configuration, starts the task and joins the consumer group. Resolves once the
   * consumer runs (partitions arrive with the first join, a few seconds later). Rejects with a
   * `ConfigError` naming key, value and reason for bad settings, or with the task's own error.
   */
  async start(): Promise<void> {
    if (this.#state !== 'UNASSIGNED') throw new SinkkitError('SinkRunner.start called twice', { code: 'RUNNER_STATE' });
    const props = this.#options.config;
    this.#secrets = secretValues(props);
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
      await producer?.connect();
      task.initialize(context);
      await task.start(context.configs());
      this.#state = 'RUNNING';
      await loop.start();
    } catch (error) {
      this.#error = asError(error);
      this.#state = 'FAILED';
      await this.#loop?.abort(this.#error);
      this.#resolveDone(this.status());
      throw error;
    }
  }

  /** Stops fetching, commits what `preCommit` returns, closes the partitions and stops the task. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#state === 'UNASSIGNED') {
        this.#finish(undefined);
        return;
      }
      await this.#loop?.stop();
      await this.done;
    })();
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
      ...(error
        ? {
            error: {
              code: (error as { code?: string }).code ?? 'TASK_FAILED',
              message: redactSecrets(error.message, this.#secrets),
              trace: redactSecrets(error.stack ?? error.message, this.#secrets),
            },
          }
        : {}),
    };
  }

  #finish(error: Error | undefined): void {
    if (this.#state === 'STOPPED' || (this.#state === 'FAILED' && this.#error)) return;
    if (error) {
      this.#error = error;
      this.#state = 'FAILED';
      this.#logger.error('Task failed', { connector: this.#config?.name, error: this.status().error?.message });
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

// Values of keys that look secret, so error messages echoing them can be scrubbed.
function secretValues(props: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(props)
    .filter(([k, v]) => /password|secret|jaas\.config|credential|token|private\.key/i.test(k) && v != null)
    .map(([, v]) =>
      typeof v === 'object' && v && 'value' in v ? String((v as { value(): string }).value()) : String(v),
    );
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
