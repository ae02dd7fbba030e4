import { hostname } from 'node:os';
import {
  type Clock,
  type RetryOptions,
  retry,
  SinkkitError,
  type Storage,
  systemClock,
  type TopicPartition,
} from '@sinkkit/core';
import { decodeEntry, encodeEntry } from './entry-codec.js';
import { entryProblem } from './entry-rules.js';
import { forEachLimited } from './for-each-limited.js';
import { encodeLedger, type LedgerEntry, LedgerKeys } from './ledger.js';
import { RecentAppends } from './recent-appends.js';
import { type RecoverOptions, type Recovery, recoverTopicPartition } from './recover.js';
import type { WalEntry, WalEntryInit } from './wal-entry.js';
import { FencedError, InvalidEntryError, WalErrorCode } from './wal-errors.js';
import { WalKeys } from './wal-keys.js';

/** Options of {@link Wal}. */
export interface WalOptions {
  /** Key prefix of every log on the storage. Default `_sinkkit/wal`. */
  readonly prefix?: string;
  /** Written into every entry for diagnosis (task and instance). Default `<hostname>/<pid>`. */
  readonly writerId?: string;
  /** Source of `createdAt`. Default the system clock. */
  readonly clock?: Clock;
  /** How storage calls are retried (only retriable errors). Default: `retry()`'s defaults. */
  readonly retry?: RetryOptions;
  /**
   * Key prefix of the ledger, where `trim` archives the entries it deletes. Default
   * `_sinkkit/ledger`.
   */
  readonly ledgerPrefix?: string;
  /** Objects per listing page. Default: the store's own. */
  readonly pageSize?: number;
  /**
   * Told once, at construction, when the storage cannot create-only write, i.e. cannot fence
   * zombies. Default `process.emitWarning` with code `SINKKIT_WAL_NO_FENCING`.
   */
  readonly onWarning?: (message: string) => void;
}

// How often latest() re-lists when the newest entry vanishes between listing and reading it.
const READ_ATTEMPTS = 5;

/**
 * The commit log of every topic-partition, kept on the storage itself: entry `seq` of a
 * topic-partition lives at `<prefix>/<topic>/<partition>/<seq, 20 digits>.json`.
 *
 * Writing an entry with a create-only write is the commit point of a batch; whoever fails to
 * create it is fenced. Entries are only ever created and, when old, deleted; never changed.
 * Every method may throw the storage's classified errors (already retried when retriable).
 */
export class Wal {
  readonly storage: Storage;
  readonly keys: WalKeys;
  readonly ledgerKeys: LedgerKeys;
  readonly writerId: string;
  /** Whether a zombie writer is fenced: the storage enforces create-only writes. */
  readonly fencing: boolean;
  readonly #clock: Clock;
  readonly #retry: RetryOptions | undefined;
  readonly #pageSize: number | undefined;
  readonly #recent = new RecentAppends();

  /** Throws a `RangeError` for an invalid prefix. */
  constructor(storage: Storage, options: WalOptions = {}) {
    this.storage = storage;
    this.keys = new WalKeys(options.prefix);
    this.ledgerKeys = new LedgerKeys(options.ledgerPrefix);
    this.writerId = options.writerId ?? `${hostname()}/${process.pid}`;
    this.fencing = storage.capabilities.conditionalCreate;
    this.#clock = options.clock ?? systemClock;
    this.#retry = options.retry;
    this.#pageSize = options.pageSize;
    if (!this.fencing) {
      const warn =
        options.onWarning ?? ((message: string) => process.emitWarning(message, { code: 'SINKKIT_WAL_NO_FENCING' }));
      warn(
        'The storage cannot create-only write (capabilities.conditionalCreate is false): the WAL cannot fence a zombie task, so two owners of a topic-partition at once may both commit. Exactly-once holds only while each topic-partition has one writer.',
      );
    }
  }

  /** Seqs of every entry of `tp`'s log, ascending; gaps are normal (trimming). Lists every page. */
  async seqs(tp: TopicPartition): Promise<number[]> {
    const folder = this.keys.folder(tp);
    const seqs: number[] = [];
    let pageToken: string | undefined;
    do {
      const options = { pageToken, pageSize: this.#pageSize };
      const page = await this.#call(() => this.storage.list(folder, options));
      for (const { key } of page.objects) {
        const seq = this.keys.seqOf(folder, key);
        if (seq !== undefined) seqs.push(seq);
      }
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    // Listing is in key order, which is seq order; sorting anyway costs little and keeps a store
    // that lists out of order from choosing the wrong newest entry.
    return seqs.sort((a, b) => a - b);
  }

  /** Entry `seq` of `tp`, or `undefined` when there is none. Throws `CorruptEntryError` for a bad one. */
  async read(tp: TopicPartition, seq: number): Promise<WalEntry | undefined> {
    const key = this.keys.entry(tp, seq);
    const bytes = await this.#call(() => this.storage.get(key));
    return bytes === undefined ? undefined : Object.freeze(decodeEntry(bytes, key, tp, seq));
  }

  /**
   * The newest entry of `tp`, or `undefined` for an empty log: the one whose files must be
   * final and whose `nextOffset` the consumer resumes from.
   */
  async latest(tp: TopicPartition): Promise<WalEntry | undefined> {
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      const newest = (await this.seqs(tp)).at(-1);
      if (newest === undefined) return undefined;
      const entry = await this.read(tp, newest);
      // Gone between listing and reading: another owner appended and trimmed meanwhile, so a
      // newer entry exists now. List again.
      if (entry !== undefined) return entry;
    }
    throw new SinkkitError(
      `The newest WAL entry under ${this.keys.folder(tp)} vanished ${READ_ATTEMPTS} times while being read`,
      { code: WalErrorCode.UNSTABLE_LOG, retriable: true },
    );
  }

  /**
   * Commits a batch: writes entry `expectedPreviousSeq + 1` create-only (pass
   * {@link NO_ENTRY_SEQ} for an empty log) and resolves it once it is the newest entry.
   *
   * - Resolves: committed. Finalize the files (`rollForward`), then append the next batch.
   *   Append `seq + 1` only after every file of `seq` is final: recovery rolls forward only the
   *   newest entry.
   * - `FencedError`: not committed; another writer took the slot, or the log had already moved
   *   past it (the slot was trimmed and this write refilled it). Abort the staged data, then
   *   `latest()`, roll forward and seek, or give the topic-partition up.
   * - Any other error: the outcome is unknown (the write may still land). Do not abort the
   *   staged data; run `recover()`, which settles it either way.
   *
   * Throws `InvalidEntryError` before writing anything when `init` breaks the format's rules.
   */
  async append(tp: TopicPartition, init: WalEntryInit, expectedPreviousSeq: number): Promise<WalEntry> {
    if (!Number.isSafeInteger(expectedPreviousSeq) || expectedPreviousSeq < 0) {
      throw new RangeError(`expectedPreviousSeq must be an integer >= 0, got ${expectedPreviousSeq}`);
    }
    const problem = entryProblem(init);
    if (problem) throw new InvalidEntryError(problem);
    const seq = expectedPreviousSeq + 1;
    const key = this.keys.entry(tp, seq);
    const entry: WalEntry = Object.freeze({
      seq,
      topic: tp.topic,
      partition: tp.partition,
      writerId: this.writerId,
      createdAt: new Date(this.#clock.now()).toISOString(),
      nextOffset: init.nextOffset,
      files: init.files.map((f) => Object.freeze({ ...f })),
      skipped: init.skipped ?? 0,
      ...(init.rangeStart !== undefined ? { rangeStart: init.rangeStart } : {}),
    });
    const bytes = encodeEntry(entry);
    const outcome = await this.#call(() => this.storage.putIfAbsent(key, bytes));
    // 'exists' after a retried put may be this very write, landed by an attempt whose answer was lost.
    if (outcome === 'exists' && !(await this.#holds(key, bytes))) {
      throw new FencedError(seq, key, 'another writer created this seq first');
    }
    // A create-only write cannot tell a fresh slot from one trimming emptied: a zombie that is
    // far behind could refill an old slot. Trimming never deletes the newest entry, so if the
    // slot was ever taken and trimmed, a higher seq exists now (stores list consistently).
    const listing = await this.seqs(tp);
    const newest = listing.at(-1) ?? seq;
    if (newest > seq) {
      // Never read by recovery (it is below the newest); removed so that the ledger, which a
      // later trim would archive it into, only ever holds genuine commits. Best effort: a crash
      // here leaves it for trim, and readLedger prefers the genuine, earlier-archived entry.
      await this.#call(() => this.storage.delete(key)).catch(() => {});
      throw new FencedError(seq, key, `the log is already at seq ${newest}; this write is stale and never counts`);
    }
    this.#recent.appended(this.keys.folder(tp), toLedgerEntry(entry), listing);
    return entry;
  }

  /**
   * Deletes all but the newest `keep` entries of `tp` (default 3) and resolves how many it
   * deleted. Never deletes the newest entry; idempotent; safe while other processes append,
   * read or trim the same log (each deletes only below the newest it listed, and that stays).
   *
   * Before deleting, it archives the entries into one ledger object
   * (`<ledgerPrefix>/<topic>/<partition>/<firstSeq>-<lastSeq>.json`, create-only), so that the
   * whole history of commits stays auditable (`readLedger`, `committedBatches`).
   *
   * Requests: the first trim after an `append` of this `Wal` to `tp` reuses the listing that
   * append took after its write (any listing is safe to trim from, see above), and, where the
   * storage fences, entries this `Wal` appended are archived from memory rather than read back;
   * so a writer that trims after its own commits only writes the ledger object and deletes.
   */
  async trim(tp: TopicPartition, keep = 3): Promise<number> {
    if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`trim keeps at least 1 entry, got keep=${keep}`);
    const folder = this.keys.folder(tp);
    const listing = this.#recent.takeListing(folder) ?? (await this.seqs(tp));
    const old = listing.slice(0, -keep);
    if (old.length === 0) return 0;
    await this.#archive(tp, old);
    await forEachLimited(old, 8, (seq) => this.#call(() => this.storage.delete(this.keys.entry(tp, seq))));
    this.#recent.deleted(folder, old);
    return old.length;
  }

  /** Recovery on taking `tp` over; see {@link recoverTopicPartition}. */
  recover(tp: TopicPartition, options: RecoverOptions = {}): Promise<Recovery> {
    return recoverTopicPartition(this, tp, { retry: this.#retry, ...options });
  }

  async #archive(tp: TopicPartition, seqs: readonly number[]): Promise<void> {
    const entries: LedgerEntry[] = [];
    const folder = this.keys.folder(tp);
    await forEachLimited(seqs, 8, async (seq) => {
      // Gone (undefined): a concurrent trim deleted it, after archiving it itself.
      // Where nothing fences, another writer may have overwritten ours: read what is stored.
      const own = this.fencing ? this.#recent.entry(folder, seq) : undefined;
      const entry = own ?? (await this.read(tp, seq).then((e) => e && toLedgerEntry(e)));
      if (entry) entries.push(entry);
    });
    if (entries.length === 0) return;
    entries.sort((a, b) => a.seq - b.seq);
    const key = this.ledgerKeys.run(tp, entries[0]?.seq ?? 0, entries.at(-1)?.seq ?? 0);
    // 'exists': this very run was archived already (a retry, or a trim that crashed before deleting).
    await this.#call(() => this.storage.putIfAbsent(key, encodeLedger(tp, entries)));
  }

  async #holds(key: string, bytes: Uint8Array): Promise<boolean> {
    const stored = await this.#call(() => this.storage.get(key));
    return stored !== undefined && Buffer.from(stored).equals(bytes);
  }

  #call<T>(fn: () => Promise<T>): Promise<T> {
    return retry(fn, this.#retry);
  }
}

function toLedgerEntry(entry: WalEntry): LedgerEntry {
  const { seq, writerId, createdAt, nextOffset, skipped, rangeStart } = entry;
  const files = entry.files.map(({ key, size, recordCount, startOffset, endOffset, checksum }) => ({
    key,
    size,
    recordCount,
    startOffset,
    endOffset,
    ...(checksum !== undefined ? { checksum } : {}),
  }));
  return { seq, writerId, createdAt, nextOffset, skipped, ...(rangeStart !== undefined ? { rangeStart } : {}), files };
}
