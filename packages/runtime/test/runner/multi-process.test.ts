import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type KafkaCluster,
  produceRecords,
  type ServerProcess,
  startKafkaCluster,
  startProcess,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedOffsets, uniqueName, waitFor } from '../helpers/kafka.js';
import { countRecords, readRunnerLog } from '../helpers/runner-log.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/file-sink-runner.mjs', import.meta.url));
const RECORDS = 100_000;

let cluster: KafkaCluster;
let dir: string;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  // The fixture runs the built package, as a user's program would.
  execFileSync(process.execPath, [join(packageRoot, '../../node_modules/typescript/bin/tsc'), '-b', packageRoot]);
  cluster = await startKafkaCluster();
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-runtime-'));
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(1_000)));
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startRunner(name: string, topic: string, group: string): { proc: ServerProcess; out: string } {
  const out = join(dir, `${name}.log`);
  const proc = startProcess(`runtime-${name}`, process.execPath, [fixture], {
    cwd: packageRoot,
    env: {
      ...process.env,
      BOOTSTRAP: cluster.bootstrapServers,
      TOPIC: topic,
      GROUP: group,
      OUT: out,
      PUT_DELAY_MS: '15',
    },
  });
  processes.push(proc);
  return { proc, out };
}

describe('runner processes', () => {
  it('SIGKILL of one of two runners mid-stream, then a restart: every record delivered, commits never past preCommit', async () => {
    const topic = uniqueName('crash');
    const group = `${topic}-g`;
    await cluster.createTopic(topic, 8);
    const produced = await produceRecords(cluster.bootstrapServers, topic, RECORDS, { batchSize: 5_000 });

    const a = startRunner('a1', topic, group);
    const b = startRunner('b', topic, group);
    await waitFor(() => countRecords(a.out) > 0, 'the runner to kill consuming', 30_000).catch((error) => {
      throw new Error(`${error.message}\n--- a1:\n${a.proc.output()}\n--- b:\n${b.proc.output()}`);
    });
    await waitFor(() => countRecords(a.out) + countRecords(b.out) >= RECORDS / 4, 'a quarter of the records', 60_000);
    process.kill(-a.proc.pid, 'SIGKILL');
    expect(await a.proc.exited).toBeNull();
    const progressAtKill = countRecords(a.out) + countRecords(b.out);
    expect(progressAtKill).toBeLessThan(RECORDS);

    const a2 = startRunner('a2', topic, group);
    const logs = [a.out, b.out, a2.out];
    const distinct = () => new Set(logs.flatMap((p) => readRunnerLog(p).ids)).size;
    await waitFor(() => distinct() >= RECORDS, 'every record', 60_000).catch((error) => {
      throw new Error(
        `${error.message} (${distinct()} seen)\n--- b:\n${b.proc.output()}\n--- a2:\n${a2.proc.output()}`,
      );
    });
    // One after the other: the last one's final commit then happens outside a rebalance.
    await b.proc.stop(10_000);
    await a2.proc.stop(10_000);
    expect(await b.proc.exited).toBe(0);
    expect(await a2.proc.exited).toBe(0);

    const parsed = logs.map(readRunnerLog);
    for (const log of parsed) expect(log.violations).toEqual([]);
    const ids = new Set(parsed.flatMap((l) => l.ids));
    expect(ids.size).toBe(RECORDS);
    // Offsets committed are exactly values some preCommit returned; after the graceful stops, the end of each partition.
    const committed = await committedOffsets(cluster.bootstrapServers, group, topic);
    for (const [partition, next] of produced.nextOffsets) {
      const returned = parsed.flatMap((l) => l.preCommits.get(partition) ?? []);
      expect(returned).toContain(committed.get(partition));
      expect(committed.get(partition)).toBe(BigInt(next));
    }
    const duplicates = parsed.reduce((n, l) => n + l.ids.length, 0) - RECORDS;
    console.log(`crash test: ${RECORDS} records, ${progressAtKill} delivered at SIGKILL, ${duplicates} redelivered`);
  }, 150_000);
});
