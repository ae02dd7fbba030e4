import { Kafka, logLevel } from 'kafkajs';
import { TestkitError } from '../errors.js';

/** Options of {@link waitForCommittedOffsets}. */
export interface WaitForCommittedOffsetsOptions {
  /** How long to wait in all. Default 30 000 ms. */
  timeoutMs?: number;
  /** How often to ask the group coordinator. Default 200 ms. */
  pollMs?: number;
}

/**
 * Resolves once consumer group `groupId` has committed at least `expected` (partition → next
 * offset, e.g. {@link ProducedRecords.nextOffsets}) on every partition of `topic` named there:
 * how a test waits until a sink (whose group is `connect-<name>`) has committed what was produced.
 * Resolves with the committed offsets; rejects with a {@link TestkitError} listing what was
 * committed when `timeoutMs` passes first.
 */
export async function waitForCommittedOffsets(
  bootstrapServers: string,
  groupId: string,
  topic: string,
  expected: ReadonlyMap<number, number>,
  options: WaitForCommittedOffsetsOptions = {},
): Promise<Map<number, number>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const admin = new Kafka({ brokers: [bootstrapServers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (;;) {
      const [answer] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = new Map(
        (answer?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]),
      );
      if ([...expected].every(([partition, offset]) => (committed.get(partition) ?? -1) >= offset)) return committed;
      if (Date.now() >= deadline) {
        const shown = [...expected].map(([p, o]) => `${p}: ${committed.get(p) ?? 'none'} of ${o}`).join(', ');
        throw new TestkitError(`group ${groupId} did not commit ${topic} in time (${shown})`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    }
  } finally {
    await admin.disconnect();
  }
}
