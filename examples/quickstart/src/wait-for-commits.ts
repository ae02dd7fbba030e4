import { type VerifyReport, verify } from '@sinkkit/cli';
import type { Storage } from '@sinkkit/core';

/**
 * Polls the store until every partition of `topic` has committed up to `nextOffsets` (the offset
 * after each partition's last produced record), reading only what the sink committed: the same
 * commit log `sinkkit verify` audits. Rejects after `timeoutMs`, or when `alive()` turns false.
 */
export async function waitForCommits(
  storage: Storage,
  topic: string,
  nextOffsets: ReadonlyMap<number, number>,
  options: { timeoutMs: number; alive: () => boolean },
): Promise<VerifyReport> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const report = await verify({ storage, topics: [topic] });
    const done = [...nextOffsets].every(([partition, next]) => {
      const p = report.partitions.find((r) => r.partition === partition);
      return p?.committed?.to === BigInt(next);
    });
    if (done) return report;
    if (!options.alive()) throw new Error('the sink stopped before committing every record');
    if (Date.now() > deadline) throw new Error(`not every record was committed within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
