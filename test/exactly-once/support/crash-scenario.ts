import { join } from 'node:path';
import { formatReport, verify } from '@sinkkit/cli';
import type { Storage } from '@sinkkit/core';
import { produceRecords } from '@sinkkit/testkit';
import { expect } from 'vitest';
import {
  auditAfterKill,
  committedRecords,
  errorsOf,
  kill,
  startSink,
  waitUntilCommitted,
  writeSinkFiles,
} from './crash-loop.js';

/** Options of {@link crashRestartScenario}. */
export interface CrashScenario {
  readonly bootstrapServers: string;
  readonly topic: string;
  readonly partitions: number;
  readonly records: number;
  readonly kills: number;
  readonly folder: string;
  readonly storage: Storage;
  readonly storeProps: readonly string[];
  /** Seed of the kill delays, so a failure can be replayed. */
  readonly seed: number;
  /** A life is killed at a random moment up to this long after its first commit was seen. Default 700 ms. */
  readonly killWithinMs?: number;
  /**
   * Records committed so far, summed over the partitions, polled while a life starts to see its
   * first commit. Default: `verify`'s committed ranges. A store where a full audit is slow can
   * give a cheaper probe (e.g. each partition's newest commit-log entry); the audit after every
   * kill is `verify` whatever this is.
   */
  readonly committed?: () => Promise<bigint>;
}

/**
 * Produces the records, then runs `sinkkit standalone` and SIGKILLs it at a random moment,
 * `kills` times, auditing the store after every kill; finally lets one process finish, stops it
 * with SIGTERM and checks that every record is committed exactly once.
 */
export async function crashRestartScenario(s: CrashScenario): Promise<{ progress: bigint[]; files: number }> {
  const produced = await produceRecords(s.bootstrapServers, s.topic, s.records, { batchSize: 5000 });
  const setup = { folder: s.folder, bootstrapServers: s.bootstrapServers, topic: s.topic, storeProps: s.storeProps };
  let seed = s.seed;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const progress: bigint[] = [];
  const committedNow =
    s.committed ?? (async () => committedRecords(await verify({ storage: s.storage, topics: [s.topic] })));
  let before = 0n;
  for (let i = 0; i < s.kills; i++) {
    // A fresh consumer group each life: the truth is in the store, so Kafka's committed offsets
    // are not needed to resume, and the group forms without waiting out the killed member's session.
    const files = await writeSinkFiles({ ...setup, extra: [`consumer.override.group.id=crash-${s.seed}-${i}`] });
    const proc = startSink(files, `sinkkit-standalone-${i}`);
    // Kill at a random moment once this life has committed something (or after 12 s).
    const deadline = Date.now() + 12_000;
    while (Date.now() < deadline && before < BigInt(s.records)) {
      if ((await committedNow()) > before) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, random() * (s.killWithinMs ?? 700)));
    await kill(proc);
    const report = await auditAfterKill(s.storage, s.topic);
    expect(errorsOf(report), `after kill ${i + 1}:\n${formatReport(report)}`).toEqual([]);
    before = committedRecords(report);
    progress.push(before);
  }
  const files = await writeSinkFiles({ ...setup, extra: [`consumer.override.group.id=crash-${s.seed}-last`] });
  const last = startSink(files, 'sinkkit-standalone-last');
  const done = await waitUntilCommitted(s.storage, s.topic, produced.nextOffsets, 90_000);
  // The handlers are installed once the program is loaded, before the connectors start; a SIGTERM
  // earlier than that (all may be committed already) would kill it outright.
  await last.waitForOutput(/started \d+ connector/, 30_000);
  const stopping = Date.now();
  await last.stop(20_000);
  const code = await last.exited;
  expect(
    code,
    `stopped in ${Date.now() - stopping} ms, signal ${last.child.signalCode}:\n${last.output().slice(-3000)}`,
  ).toBe(0);
  const report = await verify({ storage: s.storage, topics: [s.topic] });
  expect(errorsOf(report), formatReport(report)).toEqual([]);
  expect(done.partitions).toHaveLength(s.partitions);
  for (const [partition, next] of produced.nextOffsets) {
    const p = report.partitions.find((r) => r.partition === partition);
    expect(p?.committed, `partition ${partition}`).toEqual({ from: 0n, to: BigInt(next) });
    expect(p?.covered).toEqual([{ from: 0n, to: BigInt(next) }]);
  }
  expect(report.totals.records).toBe(s.records);
  expect(report.partitions.every((p) => p.history.complete)).toBe(true);
  return { progress, files: report.totals.files };
}

export { join };
