import { rm } from 'node:fs/promises';
import { MemoryStorage } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { progressLine, progressReporter, runCli, type VerifyProgress, verify } from '../../src/index.js';
import { runCliProcess } from '../support/cli-process.js';
import { realSinkOutput } from '../support/real-sink.js';
import { SinkFixture } from '../support/sink-fixture.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTty(columns?: number) {
  const writes: string[] = [];
  return { isTTY: true, columns, writes, write: (text: string) => writes.push(text) };
}

const at = (partitionsDone: number, filesDone: number): VerifyProgress => ({
  topic: 'orders',
  topicsDone: 0,
  topicsTotal: 1,
  partitionsDone,
  partitionsTotal: 4,
  filesDone,
  filesRead: filesDone,
  bytesRead: filesDone * 250_000,
});

describe('verify progress', () => {
  it('rewrites one line in place on a terminal, at most every interval, and clears it at the end', () => {
    const tty = fakeTty();
    let now = 1_000;
    const reporter = progressReporter(tty, { intervalMs: 100, now: () => now });
    reporter.update(at(1, 3));
    now += 50;
    reporter.update(at(2, 6)); // too soon: skipped
    now += 60;
    reporter.update(at(3, 9));
    reporter.done();
    expect(tty.writes).toEqual([
      '\r\x1b[2Kverify: orders: 1/4 partitions, 3 files checked, 3 files read (0.8 MB)',
      '\r\x1b[2Kverify: orders: 3/4 partitions, 9 files checked, 9 files read (2.3 MB)',
      '\r\x1b[2K',
    ]);
  });

  it('cuts the line to the terminal width, and names the topic among several', () => {
    const tty = fakeTty(20);
    progressReporter(tty).update({ ...at(1, 1), topicsDone: 1, topicsTotal: 3 });
    expect(tty.writes).toEqual(['\r\x1b[2Kverify: orders (top']);
    expect(progressLine({ ...at(0, 0), topicsDone: 1, topicsTotal: 3 })).toBe(
      'verify: orders (topic 2/3): 0/4 partitions, 0 files checked',
    );
  });

  it('writes nothing to a stream that is not a terminal', () => {
    const writes: string[] = [];
    const reporter = progressReporter({ isTTY: false, write: (t: string) => writes.push(t) });
    reporter.update(at(1, 1));
    reporter.done();
    expect(writes).toEqual([]);
  });

  it('is told of every partition and every file read', async () => {
    const sink = new SinkFixture(new MemoryStorage(), { checksum: 'sha256' });
    for (const partition of [0, 1, 2]) {
      await sink.claim('orders', partition);
      await sink.commitRun('orders', partition, 0, 2, 10);
    }
    const seen: VerifyProgress[] = [];
    await verify({ storage: sink.storage, onProgress: (p) => seen.push(p) });
    expect(seen.filter((p) => p.filesRead === 0).map((p) => p.partitionsDone)).toEqual([0]);
    expect(seen.at(-1)).toMatchObject({
      topic: 'orders',
      partitionsDone: 3,
      partitionsTotal: 3,
      filesDone: 6,
      filesRead: 6,
    });
    expect(seen.at(-1)?.bytesRead).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) {
      expect((seen[i] as VerifyProgress).filesRead).toBeGreaterThanOrEqual((seen[i - 1] as VerifyProgress).filesRead);
    }
  });

  it('keeps --json output clean: JSON alone on stdout, nothing on stderr, progress only on a terminal', async () => {
    const { root } = await realSinkOutput(2, 20, 10);
    roots.push(root);
    const run = async (progress?: ReturnType<typeof fakeTty> | { isTTY: false; write: () => void }) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['verify', '--store-url', root, '--json'], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        progress,
      });
      return { code, out: out.join(''), err: err.join('') };
    };
    const piped = await run({ isTTY: false, write: () => {} });
    expect(piped.code).toBe(0);
    expect(piped.err).toBe('');
    expect(JSON.parse(piped.out)).toMatchObject({ ok: true, totals: { partitions: 2, files: 4 } });

    const tty = fakeTty(120);
    const onTerminal = await run(tty);
    expect(onTerminal.err).toBe('');
    expect(JSON.parse(onTerminal.out)).toEqual(JSON.parse(piped.out));
    expect(tty.writes.at(0)?.startsWith('\r\x1b[2Kverify: orders: 0/2 partitions')).toBe(true);
    expect(tty.writes.at(-1)).toBe('\r\x1b[2K');

    const quiet = fakeTty(120);
    const out: string[] = [];
    await runCli(['verify', '--store-url', root, '--no-progress'], {
      out: (t) => out.push(t),
      err: () => {},
      progress: quiet,
    });
    expect(quiet.writes).toEqual([]);
    expect(out.join('')).toContain('verify: OK: 2 partitions, 40 records in 4 files');
  });

  it('prints JSON alone from the sinkkit process, whose stderr is a pipe', async () => {
    const { root } = await realSinkOutput(2, 20, 10);
    roots.push(root);
    const { code, output } = await runCliProcess(['verify', '--store-url', root, '--json']);
    expect(code).toBe(0);
    // stdout and stderr together: a progress line or any other text would break the parse.
    expect(JSON.parse(output)).toMatchObject({ ok: true, totals: { partitions: 2, files: 4 } });
  });
});
