import { randomBytes } from 'node:crypto';
import { mockClusterConsumerConfig } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { BenchError } from '../errors.js';
import { measureInChild } from '../in-child.js';
import type { ChildFigures, Figures } from '../scenario.js';

/** Options of {@link measureRawKafkajs}. */
export interface RawKafkajsOptions {
  /** Fail when no record arrived for this long. Default 30 000 ms. */
  stallTimeoutMs?: number;
}

/**
 * Reads `topic` from the beginning with a plain kafkajs consumer group (a fresh group id, the
 * test cluster's `mockClusterConsumerConfig`, otherwise kafkajs defaults, no offset commits) and
 * an `eachBatch` that only counts records and value bytes, until `expectedCount` records arrived.
 * The clock starts when the consumer has joined its group (the mock broker's ~3 s join wait is
 * not consumption) and stops at the last expected record.
 *
 * This is the ceiling of any kafkajs-based sink on the same data: other scenarios divide by it.
 * It runs in the calling process; {@link rawKafkajsInChild} runs it in a process of its own.
 *
 * @throws BenchError when no record arrives for `stallTimeoutMs`.
 */
export async function measureRawKafkajs(
  bootstrapServers: string,
  topic: string,
  expectedCount: number,
  options: RawKafkajsOptions = {},
): Promise<Figures> {
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  const kafka = new Kafka({
    clientId: 'sinkkit-bench',
    brokers: bootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: `sinkkit-bench-${randomBytes(6).toString('hex')}`,
    ...mockClusterConsumerConfig,
  });
  let records = 0;
  let bytes = 0;
  let startedAt: number | undefined;
  let endedAt: number | undefined;
  let settle: (error?: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // A stall or crash can settle `done` while connect() is still pending: not an unhandled rejection.
  done.catch(() => {});
  let stallTimer: NodeJS.Timeout | undefined;
  const watchForStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(
      () =>
        settle(
          new BenchError(`kafkajs read ${records} of ${expectedCount} records, then nothing for ${stallTimeoutMs} ms`),
        ),
      stallTimeoutMs,
    );
  };
  consumer.on(consumer.events.GROUP_JOIN, () => {
    startedAt ??= performance.now();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) {
      settle(new BenchError(`kafkajs consumer crashed: ${payload.error.message}`, { cause: payload.error }));
    }
  });
  watchForStall();
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      // Only count; stopping the consumer from inside eachBatch would wait for eachBatch itself.
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        records += batch.messages.length;
        if (batch.messages.length > 0) watchForStall();
        if (records >= expectedCount && endedAt === undefined) {
          endedAt = performance.now();
          settle();
        }
      },
    });
    await done;
  } finally {
    clearTimeout(stallTimer);
    await consumer.disconnect();
  }
  const seconds = ((endedAt ?? performance.now()) - (startedAt ?? 0)) / 1000;
  return { records, bytes, seconds };
}

/** {@link measureRawKafkajs} in a child process of its own, with that process's peak RSS. */
export function rawKafkajsInChild(
  bootstrapServers: string,
  topic: string,
  expectedCount: number,
): Promise<ChildFigures> {
  return measureInChild(new URL('../children/raw-kafkajs.js', import.meta.url), [
    bootstrapServers,
    topic,
    String(expectedCount),
  ]);
}
