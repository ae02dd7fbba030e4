import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { SinkFixture } from '../support/sink-fixture.js';

async function committedStore(): Promise<SinkFixture> {
  const sink = new SinkFixture(new MemoryStorage());
  await sink.claim('orders', 0);
  await sink.commitRun('orders', 0, 0, 3, 10);
  return sink;
}

async function deleteUnder(sink: SinkFixture, prefix: string): Promise<void> {
  for (const { key } of (await sink.storage.list(prefix)).objects) await sink.storage.delete(key);
}

describe('verify on nothing', () => {
  it('fails for a requested topic with neither history nor data files, naming it', async () => {
    const sink = await committedStore();
    const report = await verify({ storage: sink.storage, topics: ['cleen'] });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([expect.objectContaining({ kind: 'no-history', severity: 'error' })]);
    const text = formatReport(report);
    expect(text).toContain('ERROR no-history topic cleen has no commit history and no data files');
    expect(text).toContain('verify: FAILED: 0 partitions');
    expect(text).not.toContain('every committed offset exactly once');
  });

  it('names the one requested topic that has nothing, beside one that is fine', async () => {
    const sink = await committedStore();
    const report = await verify({ storage: sink.storage, topics: ['orders', 'cleen'] });
    expect(report.ok).toBe(false);
    expect(report.partitions.every((p) => p.ok)).toBe(true);
    expect(report.issues.map((i) => i.message)).toEqual([expect.stringContaining('topic cleen')]);
  });

  it('fails when the commit log was deleted while data files remain, naming the files', async () => {
    const sink = await committedStore();
    await deleteUnder(sink, '_sinkkit/');
    const report = await verify({ storage: sink.storage });
    expect(report.ok).toBe(false);
    expect(report.issues).toHaveLength(3);
    expect(report.issues.every((i) => i.kind === 'no-history' && i.severity === 'error')).toBe(true);
    expect(report.issues.map((i) => i.key)).toContain('topics/orders/partition=0/orders+0+0000000000.jsonl');
    expect(formatReport(report)).toContain('a data file with no commit history');
    // Accepting an empty result does not accept data nobody committed.
    expect((await verify({ storage: sink.storage, allowEmpty: true })).ok).toBe(false);
  });

  it('fails on an empty store, unless --allow-empty', async () => {
    const storage = new MemoryStorage();
    const report = await verify({ storage });
    expect(report.ok).toBe(false);
    expect(formatReport(report)).toContain('ERROR no-history no commit history and no data files under topics/');
    const allowed = await verify({ storage, allowEmpty: true });
    expect(allowed.ok).toBe(true);
    expect(allowed.issues).toEqual([expect.objectContaining({ kind: 'no-history', severity: 'warning' })]);
    expect((await verify({ storage, topics: ['cleen'], allowEmpty: true })).ok).toBe(true);
  });
});
