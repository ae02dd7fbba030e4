import { type RetryOptions, SinkkitError, type Storage, type TopicPartition } from '@sinkkit/core';
import { type LedgerEntry, readLedger } from './ledger.js';
import { Wal } from './wal.js';

/**
 * One committed batch of a topic-partition: the files it made visible and the offset range it
 * covers, `[fromOffset, nextOffset)`. Every offset in that range is in exactly one of `files`,
 * or counted in `skipped`, or never reached the writer (see `WalEntryInit.skipped`).
 */
export interface CommittedBatch extends LedgerEntry {
  /**
   * The previous batch's `nextOffset`: where this batch's range starts. `undefined` for the first
   * entry that has an offset (the range then starts at Kafka's committed offset when the log began,
   * which the entry records as `rangeStart` when the writer knew it).
   * A claim (an entry with no files) has `fromOffset === nextOffset`: an empty range.
   */
  readonly fromOffset: bigint | undefined;
  /** Whether it was read from the ledger (trimmed from the log) or from the live log. */
  readonly source: 'ledger' | 'log';
}

/** Options of {@link committedBatches}. */
export interface CommittedBatchesOptions {
  /** WAL key prefix. Default `_sinkkit/wal`. */
  readonly prefix?: string;
  /** Ledger key prefix. Default `_sinkkit/ledger`. */
  readonly ledgerPrefix?: string;
  readonly retry?: RetryOptions;
  /** Reads tried while trimming keeps moving entries from the log into the ledger. Default 5. */
  readonly attempts?: number;
}

/**
 * Every batch ever committed for `tp`, ascending by seq from 1 to the newest: the ledger's
 * archived entries followed by the live log's. The audit trail a verifier checks a bucket
 * against. Safe while a sink is running: an entry trimmed between reading the ledger and the
 * log shows up as a missing seq, and the read starts over. Throws a `SinkkitError`
 * (`WAL_HISTORY_GAP`) naming the missing seqs when history is incomplete (entries trimmed by a
 * version without the ledger, or deleted by hand).
 */
export async function committedBatches(
  storage: Storage,
  tp: TopicPartition,
  options: CommittedBatchesOptions = {},
): Promise<CommittedBatch[]> {
  const wal = new Wal(storage, { prefix: options.prefix, retry: options.retry, onWarning: () => {} });
  const attempts = options.attempts ?? 5;
  let missing: number[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const archived = await readLedger(storage, tp, options);
    const bySeq = new Map<number, { entry: LedgerEntry; source: 'ledger' | 'log' }>();
    for (const entry of archived) bySeq.set(entry.seq, { entry, source: 'ledger' });
    for (const seq of await wal.seqs(tp)) {
      if (bySeq.has(seq)) continue;
      const entry = await wal.read(tp, seq);
      if (entry) bySeq.set(seq, { entry, source: 'log' });
    }
    const newest = Math.max(0, ...bySeq.keys());
    missing = [];
    for (let seq = 1; seq <= newest; seq++) if (!bySeq.has(seq)) missing.push(seq);
    if (missing.length > 0) continue;
    const batches: CommittedBatch[] = [];
    let previous: bigint | undefined;
    for (let seq = 1; seq <= newest; seq++) {
      const { entry, source } = bySeq.get(seq) as { entry: LedgerEntry; source: 'ledger' | 'log' };
      const { writerId, createdAt, nextOffset, skipped } = entry;
      const files = entry.files.map(({ key, size, recordCount, startOffset, endOffset, checksum }) => ({
        key,
        size,
        recordCount,
        startOffset,
        endOffset,
        ...(checksum !== undefined ? { checksum } : {}),
      }));
      const { rangeStart } = entry;
      batches.push({
        seq,
        writerId,
        createdAt,
        nextOffset,
        skipped,
        files,
        fromOffset: previous,
        ...(rangeStart !== undefined ? { rangeStart } : {}),
        source,
      });
      previous = nextOffset ?? previous;
    }
    return batches;
  }
  const shown = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}, …` : missing.join(', ');
  throw new SinkkitError(
    `The commit history of ${tp.topic}-${tp.partition} is incomplete: seq ${shown} (${missing.length}) is in neither the log nor the ledger`,
    { code: 'WAL_HISTORY_GAP' },
  );
}

/**
 * The topic-partitions that have a log or a ledger on `storage`, sorted: what a verifier
 * audits. Lists every object under both prefixes.
 */
export async function loggedTopicPartitions(
  storage: Storage,
  options: Pick<CommittedBatchesOptions, 'prefix' | 'ledgerPrefix'> = {},
): Promise<TopicPartition[]> {
  const found = new Map<string, TopicPartition>();
  for (const prefix of [options.prefix ?? '_sinkkit/wal', options.ledgerPrefix ?? '_sinkkit/ledger']) {
    const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
    let pageToken: string | undefined;
    do {
      const page = await storage.list(base, { pageToken });
      for (const { key } of page.objects) {
        const [topic, partition] = key.slice(base.length).split('/');
        if (topic && partition && /^\d+$/.test(partition)) {
          found.set(`${topic}/${partition}`, { topic, partition: Number(partition) });
        }
      }
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
  }
  return [...found.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
