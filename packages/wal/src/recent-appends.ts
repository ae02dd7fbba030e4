import type { LedgerEntry } from './ledger.js';

interface Log {
  /** The seqs the last append listed right after its write (ascending, ending at its entry). */
  listing: number[] | undefined;
  /** Entries this process created, in ledger form, by seq. */
  readonly entries: Map<number, LedgerEntry>;
}

/**
 * What a `Wal` remembers of each log it appended to, so that `trim` need not ask the store for
 * what this process learnt moments ago: the listing its last append took anyway (to detect a
 * stale write) and the entries it created itself.
 *
 * Why that is sound: entries are never changed, only created and deleted, so an entry this process
 * created is what its key held; and an append that resolved was never a refill of a trimmed
 * slot (it listed nothing above itself), so the remembered entry is the genuine one. A listing,
 * however old, only names entries below some entry that was the newest at the time, and those are
 * never the newest again.
 *
 * Bounded: each append keeps only the entries its listing still shows, and a listing is the
 * log, which trimming keeps short.
 */
export class RecentAppends {
  readonly #logs = new Map<string, Log>();

  /** Records that `entry` was appended to the log in `folder`, which then listed `listing`. */
  appended(folder: string, entry: LedgerEntry, listing: readonly number[]): void {
    const log = this.#logs.get(folder) ?? { listing: undefined, entries: new Map<number, LedgerEntry>() };
    const listed = new Set(listing);
    for (const seq of log.entries.keys()) if (!listed.has(seq)) log.entries.delete(seq);
    log.entries.set(entry.seq, entry);
    log.listing = [...listing];
    this.#logs.set(folder, log);
  }

  /** The listing of the last append to `folder`, handed out once: the next trim lists afresh. */
  takeListing(folder: string): number[] | undefined {
    const log = this.#logs.get(folder);
    const listing = log?.listing;
    if (log) log.listing = undefined;
    return listing;
  }

  /** The entry `seq` of `folder` as this process created it, if it did. */
  entry(folder: string, seq: number): LedgerEntry | undefined {
    return this.#logs.get(folder)?.entries.get(seq);
  }

  /** Forgets entries that were deleted. */
  deleted(folder: string, seqs: readonly number[]): void {
    const log = this.#logs.get(folder);
    if (!log) return;
    for (const seq of seqs) log.entries.delete(seq);
    if (log.entries.size === 0 && log.listing === undefined) this.#logs.delete(folder);
  }
}
