import { randomBytes } from 'node:crypto';
import { mockClusterConsumerConfig } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';

/** A random topic or group name, so tests never share state. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Both values of `sinkkit.consumer.thread`, for suites that run once with each. */
export const CONSUMER_THREADS = ['main', 'worker'] as const;

/**
 * Runner settings that make groups form quickly on the mock cluster (≈3 s join, ≈2 s rebalance),
 * with the consumer on `thread` (the runtime's default when not given).
 */
export function fastGroupConfig(thread?: (typeof CONSUMER_THREADS)[number]): Record<string, string> {
  return {
    ...(thread === undefined ? {} : { 'sinkkit.consumer.thread': thread }),
    'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
    'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
    'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
  };
}

/** The group's committed offsets for `topic`, per partition (-1 when none). */
export async function committedOffsets(
  bootstrap: string,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const admin = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((result?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes (then throws `what`). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
