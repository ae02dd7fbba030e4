import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { SinkFixture } from '../support/sink-fixture.js';

/** Six batches of 10 offsets; seqs 2..4 trimmed from the log into the ledger. */
async function trimmedStore(): Promise<SinkFixture> {
  const sink = new SinkFixture(new MemoryStorage());
  await sink.claim('orders', 0);
  await sink.commitRun('orders', 0, 0, 6, 10);
  await sink.wal.trim({ topic: 'orders', partition: 0 }, 3);
  return sink;
}

describe('verify with lost history', () => {
  it('says which offsets could not be checked', async () => {
    const sink = await trimmedStore();
    for (const { key } of (await sink.storage.list('_sinkkit/ledger/')).objects) await sink.storage.delete(key);
    const report = await verify({ storage: sink.storage });
    const p = report.partitions[0];
    expect(p?.unchecked).toEqual([{ from: 0n, to: 30n }]);
    const lost = p?.issues.find((i) => i.kind === 'history-incomplete');
    expect(lost?.range).toEqual({ from: 0n, to: 30n });
    expect(lost?.message).toContain('offsets [0, 30) could not be checked');
    const text = formatReport(report);
    expect(text).toContain('not checked (history lost): orders-0 [0, 30)');
    expect(text).toContain('every checked offset exactly once');
    expect(text).not.toContain('every committed offset exactly once');
  });

  it('fails with strict on any warning: a wrong ledger prefix', async () => {
    const sink = await trimmedStore();
    const wrong = { storage: sink.storage, ledgerPrefix: '_sinkkit/ledgr' };
    const lenient = await verify(wrong);
    expect(lenient.ok).toBe(true);
    expect(lenient.totals.errors).toBe(0);
    expect(lenient.totals.warnings).toBeGreaterThan(0);
    const strict = await verify({ ...wrong, strict: true });
    expect(strict.ok).toBe(false);
    expect(strict.partitions[0]?.ok).toBe(false);
    expect(formatReport(strict)).toContain('verify: FAILED');
    // The right prefix passes strict.
    expect((await verify({ storage: sink.storage, strict: true })).ok).toBe(true);
  });
});
