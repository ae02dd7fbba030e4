import { Worker } from 'node:worker_threads';
import {
  ConfigError,
  type OffsetAndMetadata,
  type TopicPartition,
  type TopicPartitionMap,
  topicPartition,
  topicPartitionKey,
} from '@sinkkit/core';
import type { ConsumerListener, KafkaConsumerPort } from '../kafka-port.js';
import { kafkajsSecurityConfig, PLAINTEXT } from '../kafkajs-client-config.js';
import type { KafkajsConsumerOptions } from '../kafkajs-consumer.js';
import { unpackBatches } from './packed-records.js';
import { type FromWorker, fromErrorData, type ToWorker } from './thread-messages.js';

interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * {@link KafkaConsumerPort} whose kafkajs consumer runs on a worker thread: fetching and decoding
 * record batches (about as much CPU as everything else a sink does per record) then use a second
 * core, and the runtime's thread only unpacks each batch. Behaves as {@link KafkajsConsumer}
 * does, with two differences: about two fetches may be handed over past the runtime's buffer
 * bound, and batches already on their way when `seek` is called are dropped here (each carries
 * its partition's seek generation).
 */
export class WorkerThreadConsumer implements KafkaConsumerPort {
  readonly #options: KafkajsConsumerOptions;
  readonly #generations = new Map<string, number>();
  readonly #replies = new Map<number, Pending>();
  #worker: Worker | undefined;
  #listener: ConsumerListener | undefined;
  #starting: Pending | undefined;
  #nextId = 0;
  #stopping: Promise<void> | undefined;
  #exited: Error | undefined;

  /**
   * @throws ConfigError for SASL settings only code can complete, or kafkajs options given in
   *   code that cannot reach a thread (functions, such as an OAUTHBEARER token provider).
   */
  constructor(options: KafkajsConsumerOptions) {
    kafkajsSecurityConfig(options.security ?? PLAINTEXT, options.kafka);
    try {
      structuredClone(options.kafka);
    } catch {
      throw new ConfigError({
        key: 'sinkkit.consumer.thread',
        value: 'worker',
        reason:
          'the kafka client options given in code hold functions (a token provider, a socket factory), which cannot reach a worker thread; use sinkkit.consumer.thread=main',
      });
    }
    this.#options = options;
  }

  start(listener: ConsumerListener): Promise<void> {
    this.#listener = listener;
    const { logger: _, ...data } = this.#options;
    // V8's default young generation, not a smaller one: a fetch's decoded records outlive the
    // scavenges of a small one, and promoting them tripled the worker's garbage-collection time.
    const worker = new Worker(consumerWorkerUrl(), { workerData: data });
    this.#worker = worker;
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => this.#onFailure(error));
    worker.on('exit', (code) => {
      this.#exited = new Error(`The Kafka consumer's worker thread exited (code ${code})`);
      for (const pending of this.#replies.values()) pending.reject(this.#exited);
      this.#replies.clear();
      if (this.#stopping === undefined) this.#onFailure(this.#exited);
    });
    return new Promise((resolve, reject) => {
      this.#starting = { resolve, reject };
    });
  }

  seek(tp: TopicPartition, offset: bigint): void {
    const key = topicPartitionKey(tp);
    const generation = (this.#generations.get(key) ?? 0) + 1;
    this.#generations.set(key, generation);
    this.#post({ type: 'seek', tp, offset, generation });
  }

  pause(partitions: readonly TopicPartition[]): void {
    if (partitions.length > 0) this.#post({ type: 'pause', partitions });
  }

  resume(partitions: readonly TopicPartition[]): void {
    if (partitions.length > 0) this.#post({ type: 'resume', partitions });
  }

  commit(offsets: TopicPartitionMap<OffsetAndMetadata>): Promise<void> {
    const list = [...offsets].map(([tp, o]) => [tp, o.offset, o.metadata] as const);
    return this.#request((id) => ({ type: 'commit', id, offsets: list }));
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      const worker = this.#worker;
      if (worker === undefined || this.#exited !== undefined) return;
      try {
        await this.#request((id) => ({ type: 'stop', id }));
      } finally {
        await worker.terminate();
      }
    })();
    return this.#stopping;
  }

  #onMessage(message: FromWorker): void {
    const listener = this.#listener;
    if (listener === undefined) return;
    switch (message.type) {
      case 'records':
        this.#handOver(listener, message.buffer);
        return;
      case 'started':
        this.#starting?.resolve();
        this.#starting = undefined;
        return;
      case 'assigned':
        listener.assigned(message.partitions.map((tp) => topicPartition(tp.topic, tp.partition)));
        return;
      case 'rebalancing':
        listener.rebalancing();
        return;
      case 'lost':
        listener.lost(fromErrorData(message.error), message.restarting);
        return;
      case 'fatal':
        this.#onFailure(fromErrorData(message.error));
        return;
      case 'reply': {
        const pending = this.#replies.get(message.id);
        this.#replies.delete(message.id);
        if (message.error === undefined) pending?.resolve();
        else pending?.reject(fromErrorData(message.error));
        return;
      }
      case 'log':
        this.#options.logger[message.level](message.message, message.fields);
        return;
    }
  }

  // Acknowledged once the runtime has room for every batch; batches fetched before a seek are dropped.
  #handOver(listener: ConsumerListener, buffer: ArrayBuffer): void {
    const rooms: Promise<void>[] = [];
    for (const { tp, generation, records } of unpackBatches(buffer)) {
      if (generation !== (this.#generations.get(topicPartitionKey(tp)) ?? 0)) continue;
      const room = listener.records(tp, records);
      if (room !== undefined) rooms.push(room);
    }
    const ack = () => this.#post({ type: 'ack' });
    if (rooms.length === 0) ack();
    else void Promise.all(rooms).then(ack, ack);
  }

  // Before the start resolved, the start fails; after, the task does.
  #onFailure(error: Error): void {
    if (this.#starting !== undefined) {
      this.#starting.reject(error);
      this.#starting = undefined;
      return;
    }
    this.#listener?.fatal(error);
  }

  #request(message: (id: number) => ToWorker): Promise<void> {
    if (this.#exited !== undefined) return Promise.reject(this.#exited);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#replies.set(id, { resolve, reject });
      this.#post(message(id));
    });
  }

  #post(message: ToWorker): void {
    this.#worker?.postMessage(message);
  }
}

/**
 * The worker's script. Compiled, it sits beside this module; run from the TypeScript source
 * (the package's own tests), the compiled copy in dist/ is used, which the test command builds
 * first.
 */
function consumerWorkerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./consumer-worker.js', here);
  const at = here.lastIndexOf('/src/');
  return new URL('./consumer-worker.js', `${here.slice(0, at)}/dist/${here.slice(at + 5)}`);
}
