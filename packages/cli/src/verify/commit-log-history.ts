import { SinkkitError, type Storage, topicPartition } from '@sinkkit/core';
import {
  committedBatches,
  DEFAULT_LEDGER_PREFIX,
  DEFAULT_WAL_PREFIX,
  loggedTopicPartitions,
  readLedger,
  Wal,
} from '@sinkkit/wal';
import type { HistoryBatch, PartitionHistory } from './committed-batch.js';
import type { HistorySource } from './history-source.js';

/** Where the commit log and its ledger live; the sink's defaults unless it was configured otherwise. */
export interface CommitLogPrefixes {
  /** Default `_sinkkit/wal`. */
  readonly walPrefix?: string;
  /** Default `_sinkkit/ledger`. */
  readonly ledgerPrefix?: string;
}

/**
 * The history the sink keeps in the store: the ledger (entries trimmed from the log) followed by
 * the live log. When history is incomplete or an entry is unreadable, it still returns every
 * batch it can read, so the audit can say which seqs are missing and check the rest.
 */
export class CommitLogHistory implements HistorySource {
  readonly #storage: Storage;
  readonly #walPrefix: string;
  readonly #ledgerPrefix: string;

  constructor(storage: Storage, prefixes: CommitLogPrefixes = {}) {
    this.#storage = storage;
    this.#walPrefix = prefixes.walPrefix ?? DEFAULT_WAL_PREFIX;
    this.#ledgerPrefix = prefixes.ledgerPrefix ?? DEFAULT_LEDGER_PREFIX;
  }

  async topics(): Promise<string[]> {
    return [...new Set((await this.#logged()).map((tp) => tp.topic))].sort();
  }

  async partitions(topic: string): Promise<number[]> {
    return (await this.#logged()).filter((tp) => tp.topic === topic).map((tp) => tp.partition);
  }

  async history(topic: string, partition: number): Promise<PartitionHistory> {
    const tp = topicPartition(topic, partition);
    try {
      const batches = await committedBatches(this.#storage, tp, {
        prefix: this.#walPrefix,
        ledgerPrefix: this.#ledgerPrefix,
      });
      return { topic, partition, batches: batches.map(toHistoryBatch), unreadable: [] };
    } catch (error) {
      if (!(error instanceof SinkkitError)) throw error;
      // A gap or a corrupt entry: read what is readable, one entry at a time, and let the audit
      // report the rest.
      return this.#partial(topic, partition);
    }
  }

  async #partial(topic: string, partition: number): Promise<PartitionHistory> {
    const tp = topicPartition(topic, partition);
    const bySeq = new Map<number, HistoryBatch>();
    const unreadable: { key: string; reason: string; seq?: number }[] = [];
    try {
      for (const entry of await readLedger(this.#storage, tp, { ledgerPrefix: this.#ledgerPrefix })) {
        bySeq.set(entry.seq, toHistoryBatch(entry));
      }
    } catch (error) {
      unreadable.push({ key: `${this.#ledgerPrefix}/${topic}/${partition}/`, reason: (error as Error).message });
    }
    const wal = new Wal(this.#storage, { prefix: this.#walPrefix, onWarning: () => {} });
    for (const seq of await wal.seqs(tp)) {
      if (bySeq.has(seq)) continue;
      try {
        const entry = await wal.read(tp, seq);
        if (entry) bySeq.set(seq, toHistoryBatch(entry));
      } catch (error) {
        unreadable.push({ key: wal.keys.entry(tp, seq), reason: (error as Error).message, seq });
      }
    }
    const batches = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    return { topic, partition, batches, unreadable };
  }

  #logged() {
    return loggedTopicPartitions(this.#storage, { prefix: this.#walPrefix, ledgerPrefix: this.#ledgerPrefix });
  }
}

function toHistoryBatch(entry: Omit<HistoryBatch, 'files'> & { files: HistoryBatch['files'] }): HistoryBatch {
  const files = entry.files.map(({ key, size, recordCount, startOffset, endOffset, checksum }) => ({
    key,
    size,
    recordCount,
    startOffset,
    endOffset,
    ...(checksum !== undefined ? { checksum } : {}),
  }));
  const { seq, nextOffset, rangeStart } = entry;
  return { seq, files, nextOffset, skipped: entry.skipped ?? 0, ...(rangeStart !== undefined ? { rangeStart } : {}) };
}
