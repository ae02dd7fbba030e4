import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReport, verify } from '@sinkkit/cli';
import { topicPartition } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { produceRecords, type ServerProcess, useTestEnvironment } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedRecords, errorsOf, startSink, waitUntilCommitted, writeSinkFiles } from './support/crash-loop.js';

// Two `sinkkit standalone` processes in one consumer group share 8 partitions while records keep
// arriving; one leaves (SIGTERM) and later rejoins. Every rebalance moves partitions between
// them mid-stream, and the output must still hold every offset exactly once. `a` runs its Kafka
// consumer on a worker thread (`sinkkit.consumer.thread=worker`), the others on the task's
// thread: both ways hand partitions to each other.
const TOPIC = 'rebalance';
const PARTITIONS = 8;
const WAVES = 10;
const PER_WAVE = 10_000;
const env = useTestEnvironment(
  { kafka: { topics: [{ name: TOPIC, partitions: PARTITIONS }] } },
  { beforeAll, afterAll },
);
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-rebalance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two sinkkit standalone processes in one group, one leaving and rejoining', () => {
  it('writes every record exactly once through the rebalances', async () => {
    const root = join(dir, 'store');
    const storage = new FsStorage({ root });
    const sinkFiles = (folder: string, extra: string[] = []) =>
      writeSinkFiles({
        folder: join(dir, folder),
        bootstrapServers: env.current.kafka.bootstrapServers,
        topic: TOPIC,
        storeProps: [`store.url=${pathToFileURL(root).href}`],
        name: 'rebalance-sink',
        extra,
      });
    const files = await sinkFiles('config');
    const workerFiles = await sinkFiles('config-worker-thread', ['sinkkit.consumer.thread=worker']);
    const committed = async () => committedRecords(await verify({ storage, topics: [TOPIC] }));
    /** The partitions each process (by pid) committed files to, from the commit log's writer ids. */
    const writersOf = async () => {
      const writers = new Map<string, Set<number>>();
      for (let partition = 0; partition < PARTITIONS; partition++) {
        for (const batch of await committedBatches(storage, topicPartition(TOPIC, partition))) {
          if (batch.files.length === 0) continue;
          const pid = batch.writerId.slice(batch.writerId.lastIndexOf('/') + 1);
          writers.set(pid, (writers.get(pid) ?? new Set()).add(partition));
        }
      }
      return writers;
    };
    const partitionsBy = async (p: ServerProcess) => (await writersOf()).get(String(p.pid))?.size ?? 0;
    const waitFor = async (what: string, condition: () => Promise<boolean>, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };

    const a = startSink(workerFiles, 'sinkkit-standalone-a');
    const b1 = startSink(files, 'sinkkit-standalone-b1');
    await Promise.all([a, b1].map((p) => p.waitForOutput(/started 1 connector/, 30_000)));

    // The records arrive in waves while members come and go: b1 leaves after the second wave,
    // so a takes over its partitions mid-stream; b2 joins after the fifth, taking some back.
    const nextOffsets = new Map<number, number>();
    let waves = 0;
    const producing = (async () => {
      for (let wave = 0; wave < WAVES; wave++) {
        const produced = await produceRecords(env.current.kafka.bootstrapServers, TOPIC, PER_WAVE, {
          firstId: wave * PER_WAVE,
          batchSize: 2500,
        });
        for (const [partition, next] of produced.nextOffsets) nextOffsets.set(partition, next);
        waves = wave + 1;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();

    // b1 must have committed some partition of its own before it leaves (a graceful stop discards
    // what it has not committed), or this run would not show a partition moving away from it.
    await waitFor('two waves and a first commit by b1', async () => waves >= 2 && (await partitionsBy(b1)) > 0);
    await stopGracefully(b1);
    const leftAt = { waves, committed: await committed() };
    // a takes b1's partitions over: it commits to every partition before b2 arrives.
    await waitFor('the fifth wave and a committing to every partition', async () => {
      return waves >= 5 && (await partitionsBy(a)) === PARTITIONS;
    });
    const b2 = startSink(files, 'sinkkit-standalone-b2');
    await b2.waitForOutput(/started 1 connector/, 30_000);
    const rejoinedAt = { waves, committed: await committed() };

    await producing;
    const done = await waitUntilCommitted(storage, TOPIC, nextOffsets, 90_000);
    await stopGracefully(b2);
    await stopGracefully(a);

    const report = await verify({ storage, topics: [TOPIC] });
    expect(errorsOf(report), formatReport(report)).toEqual([]);
    // Should a partition lag behind, the members' logs say why (rebalances, failures).
    const behind = [...nextOffsets].filter(
      ([partition, next]) => done.partitions.find((p) => p.partition === partition)?.committed?.to !== BigInt(next),
    );
    expect(behind, `${formatReport(done)}\na:\n${a.output().slice(-4000)}\nb2:\n${b2.output().slice(-4000)}`).toEqual(
      [],
    );
    for (const [partition, next] of nextOffsets) {
      const p = report.partitions.find((r) => r.partition === partition);
      expect(p?.committed, `partition ${partition}`).toEqual({ from: 0n, to: BigInt(next) });
      expect(p?.covered).toEqual([{ from: 0n, to: BigInt(next) }]);
    }
    expect(report.totals.records).toBe(WAVES * PER_WAVE);

    // The partitions really moved: the commit log names the process (host/pid) behind every batch.
    const writers = await writersOf();
    const wrote = (p: ServerProcess) => writers.get(String(p.pid))?.size ?? 0;
    expect([...writers.keys()].sort()).toEqual([a, b1, b2].map((p) => String(p.pid)).sort());
    expect(wrote(b1), 'partitions b1 committed to').toBeGreaterThan(0);
    expect(wrote(b2), 'partitions b2 committed to').toBeGreaterThan(0);
    // a took over b1's partitions: it committed to every one.
    expect(wrote(a), 'partitions a committed to').toBe(PARTITIONS);
    console.log(
      `rebalance: ${WAVES * PER_WAVE} records on ${PARTITIONS} partitions, ${report.totals.files} files; ` +
        `a, b1, b2 committed to ${wrote(a)}, ${wrote(b1)}, ${wrote(b2)} partitions; b1 left after ${leftAt.waves} waves (${leftAt.committed} committed), b2 joined after ${rejoinedAt.waves} (${rejoinedAt.committed})`,
    );
  }, 180_000);
});

/** SIGTERM, and the process must stop gracefully (exit 0, not killed by the signal). */
async function stopGracefully(proc: ServerProcess): Promise<void> {
  const stopping = Date.now();
  await proc.stop(20_000);
  expect(
    await proc.exited,
    `${proc.name} stopped in ${Date.now() - stopping} ms, signal ${proc.child.signalCode}:\n${proc.output().slice(-3000)}`,
  ).toBe(0);
}
