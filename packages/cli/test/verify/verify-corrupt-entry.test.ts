import { topicPartition } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { WalKeys } from '@sinkkit/wal';
import { describe, expect, it } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { dataKey, SinkFixture } from '../support/sink-fixture.js';

describe('verify after a commit-log entry is corrupted', () => {
  it('reports the unreadable entry and the files only it lists, and no false duplicate', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 5, 10); // seqs 2..6, offsets [0, 50)
    const key = new WalKeys().entry(topicPartition('orders', 0), 4); // the batch of [20, 30)
    const bytes = (await sink.storage.get(key)) as Uint8Array;
    await sink.storage.delete(key);
    await sink.storage.putIfAbsent(key, bytes.slice(0, bytes.length - 7));

    const report = await verify({ storage: sink.storage });
    const text = formatReport(report);
    expect(report.ok).toBe(false);
    const issues = report.partitions[0]?.issues ?? [];
    expect(issues.filter((i) => i.kind === 'duplicate')).toEqual([]);
    expect(issues.find((i) => i.kind === 'unreadable-entry')?.key).toBe(key);
    const orphan = issues.find((i) => i.key === dataKey('orders', 0, 20));
    expect(orphan?.kind).toBe('uncommitted-file');
    expect(orphan?.message).toContain('unreadable');
    // The hole is the unreadable entry's batch, and said so; not "neither in the log nor its archive".
    expect(text).not.toContain('in neither the log nor its archive');
    expect(issues.find((i) => i.kind === 'gap')?.range).toEqual({ from: 20n, to: 30n });
  });
});
