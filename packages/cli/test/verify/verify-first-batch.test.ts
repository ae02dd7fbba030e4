import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryStorage } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { realSinkOutput } from '../support/real-sink.js';
import { SinkFixture } from '../support/sink-fixture.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** A new log's claim (no nextOffset), so the first batch's start is not known from the log. */
async function newLog(): Promise<SinkFixture> {
  const sink = new SinkFixture(new MemoryStorage());
  await sink.claim('orders', 0);
  return sink;
}

describe("verify checks a partition's first batch too", () => {
  it('finds offsets missing between the files of the first batch', async () => {
    const sink = await newLog();
    await sink.commit(
      'orders',
      0,
      [
        { start: 0, end: 9 },
        { start: 20, end: 29 },
      ],
      30,
    ); // 10..19 lost
    await sink.commitRun('orders', 0, 30, 2, 10);
    const report = await verify({ storage: sink.storage });
    expect(report.ok).toBe(false);
    const issues = report.partitions[0]?.issues ?? [];
    expect(issues.map((i) => i.kind)).toEqual(['gap']);
    expect(issues[0]?.message).toBe(
      'seq 2: 10 of the offsets [0, 30) are in no file and not counted as skipped (in no file: [10, 20))',
    );
    expect(formatReport(report)).toContain('ERROR gap');
  });

  it("finds offsets missing below the first file when the entry recorded the consumer's start", async () => {
    const sink = await newLog();
    await sink.commit('orders', 0, [{ start: 10, end: 19 }], 20, { rangeStart: 0 }); // 0..9 lost
    const report = await verify({ storage: sink.storage });
    const gap = report.partitions[0]?.issues.find((i) => i.kind === 'gap');
    expect(gap?.range).toEqual({ from: 0n, to: 20n });
    expect(gap?.message).toContain('in no file: [0, 10)');
    expect(report.partitions[0]?.committed).toEqual({ from: 0n, to: 20n });
  });

  it('accepts skipped offsets below the lowest file of a first batch whose start is unknown', async () => {
    const sink = await newLog();
    await sink.commit('orders', 0, [{ start: 1, end: 9 }], 10, { skipped: 1 }); // offset 0: a null value, ignored
    const report = await verify({ storage: sink.storage });
    expect(report.partitions[0]?.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("records where the real sink's first batch started, so verify knows it", async () => {
    const { storage, root } = await realSinkOutput(1, 20, 10);
    roots.push(root);
    const entry = async (seq: number) =>
      JSON.parse(await readFile(join(root, `_sinkkit/wal/orders/0/${String(seq).padStart(20, '0')}.json`), 'utf8'));
    expect((await entry(1)).nextOffset).toBeNull(); // the claim of a new log
    expect((await entry(2)).rangeStart).toBe('0');
    expect(await entry(3)).not.toHaveProperty('rangeStart');
    const report = await verify({ storage });
    expect(report.ok).toBe(true);
    expect(report.partitions[0]?.committed).toEqual({ from: 0n, to: 20n });
  });
});
