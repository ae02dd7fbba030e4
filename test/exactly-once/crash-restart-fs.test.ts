import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { useTestEnvironment } from '@sinkkit/testkit';
import { Wal } from '@sinkkit/wal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashRestartScenario } from './support/crash-scenario.js';

// Exactly-once through the command line: `sinkkit standalone` processes SIGKILLed at random
// moments, restarted, and the store audited by `verify` after every kill.
const TOPIC = 'crash-fs';
const WORKER_TOPIC = 'crash-fs-worker-thread';
const env = useTestEnvironment(
  {
    kafka: {
      topics: [
        { name: TOPIC, partitions: 8 },
        { name: WORKER_TOPIC, partitions: 8 },
      ],
    },
  },
  { beforeAll, afterAll },
);
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-crash-fs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the crash scenario on `topic` into a folder of its own; `extra` are more connector keys. */
function crashOnFs(topic: string, run: { records: number; kills: number; seed: number; extra?: string[] }) {
  const root = join(dir, `store-${topic}`);
  const storage = new FsStorage({ root });
  const wal = new Wal(storage);
  const partitions = Array.from({ length: 8 }, (_, p) => topicPartition(topic, p));
  return crashRestartScenario({
    bootstrapServers: env.current.kafka.bootstrapServers,
    topic,
    partitions: 8,
    records: run.records,
    kills: run.kills,
    killWithinMs: 150,
    folder: join(dir, `config-${topic}`),
    storage,
    // Each partition's newest commit-log entry, not a full audit (which grows with the files):
    // the sink commits fast enough that a slow probe would let a life finish the topic before
    // its kill. Entries may be trimmed between listing and reading: a failed read is "nothing new yet".
    committed: async () => {
      const entries = await Promise.all(partitions.map((tp) => wal.latest(tp).catch(() => undefined)));
      return entries.reduce((sum, entry) => sum + (entry?.nextOffset ?? 0n), 0n);
    },
    storeProps: [`store.url=${pathToFileURL(root).href}`, ...(run.extra ?? [])],
    seed: run.seed,
  });
}

describe('sinkkit standalone killed and restarted, on the filesystem', () => {
  it('writes 600 000 records exactly once through 20 SIGKILLs', async () => {
    // Enough that a life cannot finish the topic before its kill, and still under the mock
    // broker's ~5 MB per partition (~3.8 MB). The sink writes ~200k records/s here: a kill
    // within 150 ms of a life's first commit leaves it ~20k–50k records.
    const { progress, files } = await crashOnFs(TOPIC, { records: 600_000, kills: 20, seed: 7 });
    console.log(`fs: committed after each kill: ${progress.join(' ')}; ${files} files`);
    // Kills landed while work was going on, not only before the first commit or after the last.
    expect(progress.filter((n) => n > 0n && n < 600_000n).length).toBeGreaterThanOrEqual(5);
    expect(files).toBeGreaterThanOrEqual(8 * 10);
  }, 240_000);

  it('writes 200 000 records exactly once through 8 SIGKILLs with the consumer on a worker thread', async () => {
    const { progress, files } = await crashOnFs(WORKER_TOPIC, {
      records: 200_000,
      kills: 8,
      seed: 11,
      extra: ['sinkkit.consumer.thread=worker'],
    });
    console.log(`fs, worker thread: committed after each kill: ${progress.join(' ')}; ${files} files`);
    expect(progress.filter((n) => n > 0n && n < 200_000n).length).toBeGreaterThanOrEqual(3);
    expect(files).toBeGreaterThanOrEqual(8 * 4);
  }, 240_000);
});
