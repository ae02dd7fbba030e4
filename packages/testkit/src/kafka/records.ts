import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { mockClusterConsumerConfig } from './kafka-cluster.js';

/** Options of {@link produceRecords}. */
export interface ProduceRecordsOptions {
  /**
   * Record `id` goes to partition `id % partitions`: set it to fill only the first partitions of
   * the topic (never more than the topic has). Default: all partitions of the topic, round-robin
   * (producing to an unknown topic on the mock cluster auto-creates it with 4 partitions).
   */
  partitions?: number;
  /** Id of the first record; the others follow. Default 0. */
  firstId?: number;
  /**
   * Pads each value with a `"pad"` string to exactly this many bytes. Default: no padding
   * (`{"id":n}`); a size smaller than the unpadded value is ignored.
   */
  valueBytes?: number;
  /** Records per produce call. Default 1000. */
  batchSize?: number;
  /** kafkajs log level. Default `logLevel.NOTHING` (kafkajs logs retries it recovers from as errors). */
  logLevel?: logLevel;
}

/** Where one record of {@link produceRecords} landed. */
export interface ProducedRecord {
  id: number;
  partition: number;
  offset: number;
}

/** What {@link produceRecords} wrote. */
export interface ProducedRecords {
  /** One entry per record, in id order. */
  records: ProducedRecord[];
  /** Per partition, the ids written there, in offset order. */
  idsByPartition: Map<number, number[]>;
  /** Per partition, the offset after its last record: what a consumer commits once it has read them all. */
  nextOffsets: Map<number, number>;
}

/**
 * Produces `count` records with known ids to `topic`: key = the id as a decimal string, value =
 * JSON `{"id":<id>}` (padded to `valueBytes` when given), spread round-robin over the partitions.
 * Sends in batches, one batch in flight, with acks from all replicas; resolves once all are written.
 *
 * A retried produce (e.g. after an injected error) can write a record twice: kafkajs's idempotent
 * producer does not work against the mock cluster.
 */
export async function produceRecords(
  bootstrapServers: string,
  topic: string,
  count: number,
  options: ProduceRecordsOptions = {},
): Promise<ProducedRecords> {
  const firstId = options.firstId ?? 0;
  const batchSize = options.batchSize ?? 1_000;
  const partitionOf = new Map<number, number>();
  const kafka = new Kafka({
    clientId: 'sinkkit-testkit-producer',
    brokers: bootstrapServers.split(','),
    logLevel: options.logLevel ?? logLevel.NOTHING,
  });
  // The partitioner sees the topic's real partition count, so round-robin needs no metadata call of our own.
  const producer = kafka.producer({
    createPartitioner: () => (args) => {
      const id = Number(args.message.key);
      const partition = id % (options.partitions ?? args.partitionMetadata.length);
      partitionOf.set(id, partition);
      return partition;
    },
  });
  const produced: ProducedRecords = { records: [], idsByPartition: new Map(), nextOffsets: new Map() };
  await producer.connect();
  try {
    for (let start = firstId; start < firstId + count; start += batchSize) {
      const ids = Array.from({ length: Math.min(batchSize, firstId + count - start) }, (_, i) => start + i);
      const messages: Message[] = ids.map((id) => ({ key: String(id), value: recordValue(id, options.valueBytes) }));
      const metadata = await producer.send({ topic, messages, acks: -1 });
      const baseOffsets = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset)]));
      // kafkajs keeps each partition's messages in send order, so offsets count up from baseOffset.
      const nextInBatch = new Map<number, number>();
      for (const id of ids) {
        const partition = partitionOf.get(id) ?? -1;
        const offset = (baseOffsets.get(partition) ?? Number.NaN) + (nextInBatch.get(partition) ?? 0);
        nextInBatch.set(partition, (nextInBatch.get(partition) ?? 0) + 1);
        produced.records.push({ id, partition, offset });
        const list = produced.idsByPartition.get(partition) ?? [];
        list.push(id);
        produced.idsByPartition.set(partition, list);
        produced.nextOffsets.set(partition, offset + 1);
      }
    }
  } finally {
    await producer.disconnect();
  }
  return produced;
}

/** The JSON value {@link produceRecords} writes for `id`. */
export function recordValue(id: number, valueBytes?: number): string {
  const bare = `{"id":${id}}`;
  const padLength = (valueBytes ?? 0) - `{"id":${id},"pad":""}`.length;
  return padLength > 0 ? `{"id":${id},"pad":"${'x'.repeat(padLength)}"}` : bare;
}

/** Options of {@link readRecords}. */
export interface ReadRecordsOptions {
  /** Stop once this many records have been read. Default: read until idle. */
  count?: number;
  /**
   * Stop when nothing arrived for this long once the consumer has joined its group (the join
   * itself takes ~3 s on the mock cluster). Default 2000 ms.
   */
  idleTimeoutMs?: number;
  /** Stop after this long in all, whatever was read. Default 60 000 ms. */
  timeoutMs?: number;
  /** Consumer group to read with. Default a fresh random group, so reading starts at the beginning. */
  groupId?: string;
  /** kafkajs log level. Default `logLevel.NOTHING`. */
  logLevel?: logLevel;
}

/** A record read by {@link readRecords}. */
export interface ConsumedRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  /** The `id` field of a JSON object value (as {@link produceRecords} writes), when there is one. */
  id: number | undefined;
  headers: Record<string, string>;
}

/**
 * Reads `topic` from the beginning with a kafkajs consumer group until `count` records were read,
 * nothing arrived for `idleTimeoutMs`, or `timeoutMs` passed, and returns what was read, sorted by
 * partition then offset. It never throws for too few records: compare the result with what you expect.
 * It commits no offsets.
 */
export async function readRecords(
  bootstrapServers: string,
  topic: string,
  options: ReadRecordsOptions = {},
): Promise<ConsumedRecord[]> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 2_000;
  const kafka = new Kafka({
    clientId: 'sinkkit-testkit-reader',
    brokers: bootstrapServers.split(','),
    logLevel: options.logLevel ?? logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: options.groupId ?? `sinkkit-read-${randomBytes(6).toString('hex')}`,
    ...mockClusterConsumerConfig,
  });
  const records: ConsumedRecord[] = [];
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let idleTimer: NodeJS.Timeout | undefined;
  const restartIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(finish, idleTimeoutMs);
  };
  const overallTimer = setTimeout(finish, options.timeoutMs ?? 60_000);
  consumer.on(consumer.events.GROUP_JOIN, restartIdleTimer);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      // Stopping the consumer from inside eachBatch would wait for eachBatch itself: only signal here.
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          records.push(toConsumedRecord(batch.partition, message));
        }
        if (options.count !== undefined && records.length >= options.count) finish();
        else if (batch.messages.length > 0) restartIdleTimer();
      },
    });
    await done;
  } finally {
    clearTimeout(idleTimer);
    clearTimeout(overallTimer);
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

function toConsumedRecord(
  partition: number,
  message: { offset: string; key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> },
): ConsumedRecord {
  const value = message.value?.toString('utf8') ?? null;
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(message.headers ?? {})) {
    if (header !== undefined) headers[name] = String(header);
  }
  return {
    partition,
    offset: Number(message.offset),
    key: message.key?.toString('utf8') ?? null,
    value,
    id: idOf(value),
    headers,
  };
}

function idOf(value: string | null): number | undefined {
  if (value === null || !value.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    const id = (parsed as { id?: unknown }).id;
    return typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}
