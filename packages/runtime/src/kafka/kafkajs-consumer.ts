import {
  backoffDelay,
  type OffsetAndMetadata,
  SinkkitError,
  type TopicPartition,
  type TopicPartitionMap,
  topicPartition,
} from '@sinkkit/core';
import { type Consumer, type ConsumerRunConfig, Kafka, type KafkaMessage } from 'kafkajs';
import type { Logger } from '../logger.js';
import { connectError } from './kafka-connect-error.js';
import { commitError, isRestartableCrash } from './kafka-errors.js';
import type { ConsumerListener, KafkaConsumerPort } from './kafka-port.js';
import type { KafkaClientSecurity } from './kafka-security.js';
import { type KafkaClientOverrides, kafkajsSecurityConfig, PLAINTEXT } from './kafkajs-client-config.js';
import { type ConnectPhase, kafkajsLogCreator } from './kafkajs-logging.js';
import { toFetchedRecords } from './kafkajs-records.js';

/** Settings of {@link KafkajsConsumer}; times in milliseconds. */
export interface KafkajsConsumerOptions {
  brokers: readonly string[];
  clientId: string;
  groupId: string;
  /** Topic names, or one regex (kafkajs matches it against the topics that exist at start). */
  topics: readonly string[] | RegExp;
  /** Where a partition without a committed offset starts: `earliest` or `latest`. */
  autoOffsetReset: 'earliest' | 'latest';
  sessionTimeout: number;
  heartbeatInterval: number;
  maxWaitTimeInMs: number;
  /** Consecutive crashes without a successful join before the consumer gives up. */
  maxRestarts: number;
  logger: Logger;
  /** TLS and SASL, from the `security.protocol`, `ssl.*` and `sasl.*` keys. Default: plain text. */
  security?: KafkaClientSecurity;
  /** kafkajs client options given in code, merged over the mapped ones (see {@link KafkaClientOverrides}). */
  kafka?: KafkaClientOverrides;
}

/**
 * {@link KafkaConsumerPort} on kafkajs 2.2. kafkajs has no partition-revoked callback, so the
 * assignment comes from `GROUP_JOIN` (the full new assignment after every join) and losing it
 * from `CRASH` and `STOP`.
 *
 * Commits happen outside `eachBatch`: kafkajs turns an error thrown inside it into a crash, and
 * a commit refused during a rebalance is a non-retriable `REBALANCE_IN_PROGRESS` that kafkajs
 * does not restart from. For crashes kafkajs does not restart by itself (non-retriable, e.g. a
 * rebalance error) this port restarts the consumer with back-off; anything else is fatal.
 */
export class KafkajsConsumer implements KafkaConsumerPort {
  readonly #options: KafkajsConsumerOptions;
  readonly #consumer: Consumer;
  #listener: ConsumerListener | undefined;
  #member = false;
  #stopping = false;
  #crashes = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  // Set when a heartbeat failed while eachBatch waited for room; cleared when the next fetch starts.
  #heartbeatFailed = false;
  // Ends the current tick of #waitForRoom early.
  #interruptWait: () => void = () => {};
  readonly #phase: ConnectPhase = { connecting: true };

  /** @throws ConfigError for SASL settings that only code can complete, when `kafka.sasl` is not given. */
  constructor(options: KafkajsConsumerOptions) {
    this.#options = options;
    const kafka = new Kafka({
      ...kafkajsSecurityConfig(options.security ?? PLAINTEXT, options.kafka),
      clientId: options.clientId,
      brokers: [...options.brokers],
      logCreator: kafkajsLogCreator(options.logger, this.#phase),
    });
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout,
      heartbeatInterval: options.heartbeatInterval,
      maxWaitTimeInMs: options.maxWaitTimeInMs,
      // Never restart a consumer being stopped: a stop during a join must not leave it rejoining.
      retry: { restartOnFailure: async () => !this.#stopping && this.#crashes <= options.maxRestarts },
    });
  }

  async start(listener: ConsumerListener): Promise<void> {
    this.#listener = listener;
    const { events } = this.#consumer;
    this.#consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.#member = true;
      this.#crashes = 0;
      const assigned: TopicPartition[] = [];
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) assigned.push(topicPartition(topic, partition));
      }
      listener.assigned(assigned);
    });
    this.#consumer.on(events.REBALANCING, () => listener.rebalancing());
    this.#consumer.on(events.CRASH, ({ payload }) => this.#onCrash(payload.error, payload.restart));
    this.#consumer.on(events.FETCH_START, () => {
      this.#heartbeatFailed = false;
    });
    this.#consumer.on(events.STOP, () => {
      this.#member = false;
    });
    const connecting = Date.now();
    try {
      await this.#consumer.connect();
    } catch (error) {
      throw connectError(error, this.#options.brokers, Date.now() - connecting, this.#options.security?.protocol);
    } finally {
      this.#phase.connecting = false;
    }
    const topics = this.#options.topics;
    await this.#consumer.subscribe({
      topics: topics instanceof RegExp ? [topics] : [...topics],
      fromBeginning: this.#options.autoOffsetReset === 'earliest',
    });
    await this.#consumer.run(this.#runConfig());
  }

  seek(tp: TopicPartition, offset: bigint): void {
    this.#consumer.seek({ topic: tp.topic, partition: tp.partition, offset: offset.toString() });
  }

  pause(partitions: readonly TopicPartition[]): void {
    if (partitions.length > 0) this.#consumer.pause(byTopic(partitions));
  }

  resume(partitions: readonly TopicPartition[]): void {
    if (partitions.length > 0) this.#consumer.resume(byTopic(partitions));
  }

  async commit(offsets: TopicPartitionMap<OffsetAndMetadata>): Promise<void> {
    // kafkajs silently skips a commit when its runner is not running: say so instead.
    if (!this.#member) {
      throw new SinkkitError('Offset commit skipped: the consumer is not in its group right now', {
        code: 'REBALANCE_IN_PROGRESS',
        retriable: true,
      });
    }
    const list = [...offsets].map(([tp, o]) => ({
      topic: tp.topic,
      partition: tp.partition,
      offset: o.offset.toString(),
      ...(o.metadata === undefined ? {} : { metadata: o.metadata }),
    }));
    if (list.length === 0) return;
    try {
      await this.#consumer.commitOffsets(list);
    } catch (error) {
      throw commitError(error);
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#interruptWait();
    clearTimeout(this.#restartTimer);
    this.#member = false;
    await this.#consumer.disconnect();
  }

  /**
   * Hands one fetched batch (never empty) to `listener`, returning what its `records` returned.
   * A subclass may take kafkajs's messages as they are instead, returning a room promise with
   * the same meaning: the worker thread packs them without building a record object each.
   */
  protected handOver(
    listener: ConsumerListener,
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<void> | undefined {
    return listener.records(topicPartition(topic, partition), toFetchedRecords(topic, partition, messages));
  }

  #runConfig(): ConsumerRunConfig {
    return {
      autoCommit: false,
      // eachBatch only hands records over; the runtime's task loop does the work. It returns at
      // once unless the runtime's buffer is full: then it waits for room (see #waitForRoom), so
      // kafkajs fetches no more meanwhile, without pausing partitions and idling a fetch wait.
      eachBatch: async ({ batch, isStale, isRunning, heartbeat }) => {
        // A seek is pending: these records come from the old position (kafkajs checks this
        // for eachMessage only).
        if (isStale() || batch.messages.length === 0) return;
        const room = this.#listener && this.handOver(this.#listener, batch.topic, batch.partition, batch.messages);
        if (room) await this.#waitForRoom(room, isRunning, heartbeat);
      },
    };
  }

  /**
   * Waits for `room`, heartbeating so the group keeps this member. Stops waiting (returning
   * normally: the batch was handed over, so kafkajs may resolve its offset) when the consumer
   * stops, or when a heartbeat fails: that is how a rebalance shows, and kafkajs's own
   * heartbeat after this batch fails the same way and starts the rejoin. The rest of that fetch
   * is then handed over without waiting (at most one fetch over the bound), so nothing delays
   * the rebalance.
   */
  async #waitForRoom(room: Promise<void>, isRunning: () => boolean, heartbeat: () => Promise<void>): Promise<void> {
    if (this.#heartbeatFailed) return;
    let ready = false;
    void room.then(() => {
      ready = true;
      this.#interruptWait();
    });
    const tick = Math.max(10, Math.min(this.#options.heartbeatInterval, 1_000));
    while (!ready && !this.#stopping && isRunning()) {
      // One timer per tick, ended early by the room or by stop(); no handlers pile up on
      // long-lived promises while a paused runner keeps the buffer full for hours.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, tick);
        this.#interruptWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#interruptWait = () => {};
      if (ready || this.#stopping || !isRunning()) return;
      try {
        await heartbeat();
      } catch (error) {
        this.#heartbeatFailed = true;
        this.#options.logger.info('Heartbeat failed while waiting for buffer room; handing the fetch over', {
          error: (error as Error).message,
        });
        return;
      }
    }
  }

  #onCrash(error: Error, restarting: boolean): void {
    this.#member = false;
    if (this.#stopping) return;
    this.#crashes++;
    const listener = this.#listener;
    if (restarting) {
      listener?.lost(error, true);
      return;
    }
    if (isRestartableCrash(error) && this.#crashes <= this.#options.maxRestarts) {
      listener?.lost(error, true);
      const delay = 200 + backoffDelay(this.#crashes, { baseMs: 500, capMs: 10_000 });
      this.#options.logger.warn('Kafka consumer crashed in the group protocol; restarting it', {
        error: error.message,
        delayMs: delay,
      });
      this.#restartTimer = setTimeout(() => {
        if (this.#stopping) return;
        this.#consumer.run(this.#runConfig()).catch((e: unknown) => this.#onCrash(asError(e), false));
      }, delay);
      return;
    }
    listener?.fatal(error);
  }
}

function byTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const map = new Map<string, number[]>();
  for (const tp of partitions) map.set(tp.topic, [...(map.get(tp.topic) ?? []), tp.partition]);
  return [...map].map(([topic, list]) => ({ topic, partitions: list }));
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
