// The worker thread of WorkerThreadConsumer: runs a KafkajsConsumer, so fetching and decoding
// record batches happen beside the runtime's thread instead of on it, and hands each batch
// over packed (see packed-records.ts). Started only by WorkerThreadConsumer.
import { parentPort, workerData } from 'node:worker_threads';
import { type OffsetAndMetadata, type TopicPartition, TopicPartitionMap, topicPartitionKey } from '@sinkkit/core';
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '../../logger.js';
import type { ConsumerListener } from '../kafka-port.js';
import { KafkajsConsumer, type KafkajsConsumerOptions } from '../kafkajs-consumer.js';
import { type MessageBatch, packBatches } from './packed-records.js';
import { type FromWorker, type ToWorker, toErrorData } from './thread-messages.js';

/**
 * Messages of records sent before the worker waits for the runtime to acknowledge one. Each
 * message holds what kafkajs handed over in one turn of the worker's event loop: usually one
 * fetch, a batch per partition. Two keep both threads busy.
 */
const MAX_UNACKED = 2;

const port = parentPort;
if (port === null) throw new Error('consumer-worker.js runs only as a worker thread');

const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

const logger: Logger = {
  debug: (message, fields) => log('debug', message, fields),
  info: (message, fields) => log('info', message, fields),
  warn: (message, fields) => log('warn', message, fields),
  error: (message, fields) => log('error', message, fields),
};

function log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
  try {
    post({ type: 'log', level, message, ...(fields === undefined ? {} : { fields }) });
  } catch {
    // Fields that do not clone (a function, a socket) are sent as text.
    post({ type: 'log', level, message, fields: { fields: String(fields) } });
  }
}

/** Takes kafkajs's batches as they are: {@link packBatches} packs them without a record object each. */
class PackingConsumer extends KafkajsConsumer {
  protected override handOver(
    _listener: ConsumerListener,
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<void> | undefined {
    return take({
      topic,
      partition,
      generation: generations.get(topicPartitionKey({ topic, partition })) ?? 0,
      messages,
    });
  }
}

const consumer = new PackingConsumer({ ...(workerData as Omit<KafkajsConsumerOptions, 'logger'>), logger });
const generations = new Map<string, number>();
let unacked = 0;
let waiting: (() => void)[] = [];
let pending: MessageBatch[] = [];

// One message per turn of the event loop instead of one per partition's batch: a fetch from a
// broker holds many small batches, and each message costs tens of microseconds on both threads.
// Also called before every other report, so the runtime learns everything in the order it happened.
function flush(): void {
  if (pending.length === 0) return;
  const buffer = packBatches(pending);
  pending = [];
  post({ type: 'records', buffer }, [buffer]);
  unacked++;
}

function releaseWaiting(): void {
  const list = waiting;
  waiting = [];
  for (const resolve of list) resolve();
}

// Reports other than records, after the records taken before them.
function report(message: FromWorker): void {
  flush();
  post(message);
}

const listener: ConsumerListener = {
  assigned: (partitions) => report({ type: 'assigned', partitions }),
  rebalancing: () => report({ type: 'rebalancing' }),
  lost: (error, restarting) => report({ type: 'lost', error: toErrorData(error), restarting }),
  fatal: (error) => report({ type: 'fatal', error: toErrorData(error) }),
  records() {
    throw new Error('unreachable: PackingConsumer takes every batch itself');
  },
};

function take(batch: MessageBatch): Promise<void> | undefined {
  if (pending.length === 0) setImmediate(flush);
  pending.push(batch);
  // The runtime acknowledges a message once it has room for its records: with enough
  // unacknowledged, wait (KafkajsConsumer heartbeats meanwhile and fetches nothing more).
  if (unacked < MAX_UNACKED) return undefined;
  return new Promise<void>((resolve) => waiting.push(resolve));
}

port.on('message', (message: ToWorker) => {
  try {
    handle(message);
  } catch (error) {
    post({ type: 'fatal', error: toErrorData(error) });
  }
});

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'ack':
      unacked--;
      if (unacked < MAX_UNACKED) releaseWaiting();
      return;
    case 'seek':
      generations.set(topicPartitionKey(message.tp), message.generation);
      consumer.seek(message.tp, message.offset);
      return;
    case 'pause':
      consumer.pause(message.partitions);
      return;
    case 'resume':
      consumer.resume(message.partitions);
      return;
    case 'commit': {
      const offsets = new TopicPartitionMap<OffsetAndMetadata>(
        message.offsets.map(([tp, offset, metadata]): [TopicPartition, OffsetAndMetadata] => [
          tp,
          metadata === undefined ? { offset } : { offset, metadata },
        ]),
      );
      consumer.commit(offsets).then(
        () => post({ type: 'reply', id: message.id }),
        (error: unknown) => post({ type: 'reply', id: message.id, error: toErrorData(error) }),
      );
      return;
    }
    case 'stop':
      releaseWaiting();
      consumer.stop().then(
        () => post({ type: 'reply', id: message.id }),
        (error: unknown) => post({ type: 'reply', id: message.id, error: toErrorData(error) }),
      );
      return;
  }
}

consumer.start(listener).then(
  () => post({ type: 'started' }),
  (error: unknown) => post({ type: 'fatal', error: toErrorData(error) }),
);
