import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import {
  formatReport,
  type HistoryBatch,
  type HistorySource,
  type Issue,
  reportToJson,
  type VerifyReport,
  verify,
} from '../../src/index.js';
import { dataKey, SinkFixture } from '../support/sink-fixture.js';

function kinds(report: VerifyReport): string[] {
  return report.partitions.flatMap((p) => p.issues.map((i) => `${p.topic}-${p.partition} ${i.severity} ${i.kind}`));
}

function issue(report: VerifyReport, kind: Issue['kind']): Issue {
  const found = report.partitions.flatMap((p) => p.issues).find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} issue in ${formatReport(report)}`);
  return found;
}

describe('verify', () => {
  it('passes a store where every offset is in exactly one committed file', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    for (const partition of [0, 1, 2]) {
      await sink.claim('orders', partition);
      await sink.commitRun('orders', partition, 0, 5, 100);
    }
    // A takeover: the new owner claims, then goes on where the log says.
    await sink.claim('orders', 1);
    await sink.commitRun('orders', 1, 500, 2, 50);

    const report = await verify({ storage: sink.storage });
    expect(kinds(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.topics).toEqual(['orders']);
    expect(report.totals).toMatchObject({ partitions: 3, files: 17, records: 1600, errors: 0, warnings: 0 });
    const p1 = report.partitions[1];
    expect(p1?.committed).toEqual({ from: 0n, to: 600n });
    expect(p1?.covered).toEqual([{ from: 0n, to: 600n }]);
    expect(p1?.history).toEqual({ firstSeq: 1, lastSeq: 9, batches: 9, complete: true });
    expect(formatReport(report)).toContain('verify: OK: 3 partitions, 1600 records in 17 files');
  });

  it('accepts files of one batch that interleave offsets, as a field partitioner writes them', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    // Offsets 0..9: the even ones went to region=eu, the odd ones to region=us.
    await sink.commit(
      'orders',
      0,
      [
        { start: 0, end: 8, count: 5, folder: 'region=eu' },
        { start: 1, end: 9, count: 5, folder: 'region=us' },
      ],
      10,
    );
    expect((await verify({ storage: sink.storage })).ok).toBe(true);
  });

  it('finds duplicates inside a batch: more records than distinct offsets', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commit(
      'orders',
      0,
      [
        { start: 0, end: 9, folder: 'region=eu' },
        { start: 5, end: 9, folder: 'region=us' },
      ],
      10,
    );
    const report = await verify({ storage: sink.storage });
    expect(report.ok).toBe(false);
    const messages = report.partitions[0]?.issues.map((i) => `${i.kind}: ${i.message}`);
    // The first batch's start is unknown, so only the records-against-offsets check can speak.
    expect(messages).toEqual(['duplicate: seq 2: 15 records in files spanning only 10 offsets']);
  });

  it('finds a gap: offsets of a batch in no file', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 2, 10);
    await sink.commit('orders', 0, [{ start: 25, end: 29 }], 30); // 20..24 are lost
    const report = await verify({ storage: sink.storage, topics: ['orders'] });
    expect(report.ok).toBe(false);
    const gap = issue(report, 'gap');
    expect(gap.range).toEqual({ from: 20n, to: 30n });
    expect(gap.message).toContain('5 of the offsets [20, 30) are in no file');
    expect(gap.message).toContain('in no file: [20, 25)');
    expect(report.partitions[0]?.covered).toEqual([{ from: 0n, to: 20n }]);
  });

  it('finds a file present in the store that no batch lists: a duplicate inside the committed range, a leftover above it', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 3, 10);
    await sink.putStray(dataKey('orders', 0, 10, 'other'));
    await sink.putStray(dataKey('orders', 0, 30));
    const report = await verify({ storage: sink.storage });
    expect(kinds(report)).toEqual(['orders-0 error duplicate', 'orders-0 error uncommitted-file']);
    expect(issue(report, 'duplicate').key).toBe(dataKey('orders', 0, 10, 'other'));
    expect(issue(report, 'uncommitted-file').key).toBe(dataKey('orders', 0, 30));
  });

  it('finds data of a partition that has no commit log at all', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 1, 10);
    await sink.putStray(dataKey('orders', 7, 0));
    const report = await verify({ storage: sink.storage });
    expect(kinds(report)).toEqual(['orders-7 error uncommitted-file']);
  });

  it('reports a lost committed file as an error, and the newest batch not yet final as a warning', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 3, 10);
    await sink.commit('orders', 0, [{ start: 30, end: 39 }], 40, { finalize: false });
    let report = await verify({ storage: sink.storage });
    expect(kinds(report)).toEqual(['orders-0 warning unfinalized']);
    expect(report.ok).toBe(true);

    await sink.storage.delete(dataKey('orders', 0, 10));
    report = await verify({ storage: sink.storage });
    expect(kinds(report)).toEqual(['orders-0 error missing-file', 'orders-0 warning unfinalized']);
    expect(issue(report, 'missing-file').range).toEqual({ from: 10n, to: 20n });
  });

  it('finds a file whose size differs from what was committed', async () => {
    const storage = new MemoryStorage();
    const sink = new SinkFixture(storage);
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 2, 10);
    const key = dataKey('orders', 0, 0);
    await storage.delete(key);
    await storage.putIfAbsent(key, new TextEncoder().encode('truncated'));
    expect(kinds(await verify({ storage }))).toEqual(['orders-0 error size-mismatch']);
  });

  it('reads trimmed batches back from the ledger', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 3, 10);
    await sink.wal.trim({ topic: 'orders', partition: 0 }, 2);
    await sink.commitRun('orders', 0, 30, 3, 10);
    await sink.wal.trim({ topic: 'orders', partition: 0 }, 1);
    const report = await verify({ storage: sink.storage });
    expect(kinds(report)).toEqual([]);
    expect(report.partitions[0]?.history).toEqual({ firstSeq: 1, lastSeq: 7, batches: 7, complete: true });
    expect(report.partitions[0]?.covered).toEqual([{ from: 0n, to: 60n }]);
  });

  it('checks what is left when trimmed history is lost, and says that older files cannot be checked', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 6, 10);
    await sink.wal.trim({ topic: 'orders', partition: 0 }, 3);
    for (const { key } of (await sink.storage.list('_sinkkit/ledger/')).objects) await sink.storage.delete(key);
    const report = await verify({ storage: sink.storage });
    expect(report.ok).toBe(true);
    const p = report.partitions[0];
    expect(p?.history).toMatchObject({ firstSeq: 5, lastSeq: 7, complete: false });
    expect(p?.committed).toEqual({ from: 30n, to: 60n });
    expect(kinds(report).filter((k) => k.endsWith('unaudited-file'))).toHaveLength(3);
    expect(kinds(report)).toContain('orders-0 warning history-incomplete');
  });

  it('counts skipped offsets, and finds a batch that accounts for too few', async () => {
    const batches: HistoryBatch[] = [
      { seq: 1, files: [], nextOffset: undefined, skipped: 0 },
      { seq: 2, files: [file(0, 9, 8)], nextOffset: 10n, skipped: 2 },
      { seq: 3, files: [], nextOffset: 15n, skipped: 5 }, // every record filtered out
      { seq: 4, files: [file(15, 19, 4)], nextOffset: 20n, skipped: 0 },
    ];
    const storage = new MemoryStorage();
    for (const b of batches) for (const f of b.files) await storage.putIfAbsent(f.key, new Uint8Array(f.size));
    const report = await verify({ storage, history: historyOf(batches) });
    expect(kinds(report)).toEqual(['orders-0 error gap']);
    expect(issue(report, 'gap').message).toBe(
      'seq 4: 1 of the offsets [15, 20) are in no file and not counted as skipped',
    );
    expect(report.partitions[0]?.skipped).toBe(7);
    expect(report.partitions[0]?.covered).toEqual([{ from: 0n, to: 15n }]);
    const lenient = await verify({ storage, history: historyOf(batches), allowUnaccounted: true });
    expect(kinds(lenient)).toEqual(['orders-0 warning unaccounted']);
    expect(lenient.ok).toBe(true);
  });

  it('finds batches missing from the history, and a nextOffset that goes back', async () => {
    const batches: HistoryBatch[] = [
      { seq: 1, files: [file(0, 9)], nextOffset: 10n, skipped: 0 },
      { seq: 3, files: [file(20, 29)], nextOffset: 30n, skipped: 0 },
      { seq: 4, files: [], nextOffset: 25n, skipped: 0 },
    ];
    const storage = new MemoryStorage();
    for (const b of batches) for (const f of b.files) await storage.putIfAbsent(f.key, new Uint8Array(f.size));
    const report = await verify({ storage, history: historyOf(batches) });
    expect(kinds(report)).toEqual([
      'orders-0 error missing-batches',
      'orders-0 error gap',
      'orders-0 error offset-regression',
    ]);
    expect(issue(report, 'gap').range).toEqual({ from: 10n, to: 20n });
  });

  it('writes offsets as decimal strings in JSON', async () => {
    const sink = new SinkFixture(new MemoryStorage());
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 1, 10);
    const json = JSON.parse(reportToJson(await verify({ storage: sink.storage })));
    expect(json.ok).toBe(true);
    expect(json.partitions[0].committed).toEqual({ from: '0', to: '10' });
  });
});

function file(start: number, end: number, count = end - start + 1) {
  return {
    key: dataKey('orders', 0, start),
    size: 3,
    recordCount: count,
    startOffset: BigInt(start),
    endOffset: BigInt(end),
  };
}

function historyOf(batches: HistoryBatch[]): HistorySource {
  return {
    topics: async () => ['orders'],
    partitions: async () => [0],
    history: async (topic, partition) => ({ topic, partition, batches, unreadable: [] }),
  };
}
