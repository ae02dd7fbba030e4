import { type RetryOptions, retry, type StagedUpload, type TopicPartition } from '@sinkkit/core';
import { forEachLimited } from './for-each-limited.js';
import { rollForward } from './roll-forward.js';
import type { Wal } from './wal.js';
import { NO_ENTRY_SEQ, type WalEntry } from './wal-entry.js';
import { FencedError } from './wal-errors.js';

/** Options of {@link recoverTopicPartition}. */
export interface RecoverOptions {
  /**
   * Key prefixes under which this topic-partition's data files may be staged, scanned with
   * `storage.listStaged` for orphans. The partitioner decides file keys, so only the caller
   * knows them (for the default layout: `<topics.dir>/<topic>/`). Default: none, no scan.
   */
  readonly stagedPrefixes?: readonly string[];
  /**
   * Whether a staged upload found under `stagedPrefixes` holds records of `tp`; other
   * partitions of the same topic stage into the same folders and must be left alone. Default:
   * the file name starts with `<topic>+<partition>+` (the default file naming). With other
   * delimiters, pass your own: the default then matches nothing, which leaks uploads rather than
   * destroying another owner's.
   */
  readonly ownsUpload?: (upload: StagedUpload, tp: TopicPartition) => boolean;
  /** Entries kept by the trim that ends recovery. Default 3. */
  readonly keep?: number;
  /** Claims tried before giving up when other writers keep appending. Default 5. */
  readonly claimAttempts?: number;
  /** How storage calls are retried. Default: the `Wal`'s. */
  readonly retry?: RetryOptions;
}

/** What {@link recoverTopicPartition} found and did. */
export interface Recovery {
  /** This writer's claim, now the newest entry: append the next batch after `entry.seq`. */
  readonly entry: WalEntry;
  /** The entry rolled forward (the newest before the claim), or `undefined` for an empty log. */
  readonly recovered: WalEntry | undefined;
  /** Where the consumer seeks to; `undefined`: no batch was ever committed, use Kafka's committed offset. */
  readonly nextOffset: bigint | undefined;
  /** The orphaned staged uploads that were aborted. */
  readonly aborted: readonly StagedUpload[];
}

/**
 * Takes a topic-partition over after a rebalance or a crash, leaving it in a state a fresh
 * writer can continue from:
 *
 * 1. reads the newest entry and rolls it forward (its files become final);
 * 2. appends a claim: an entry without files at the next seq, carrying the same `nextOffset`.
 *    This fences every earlier writer: a zombie's append now finds its slot taken. If another
 *    writer appended first, starts over from 1 (up to `claimAttempts` times);
 * 3. only then aborts staged uploads of this topic-partition that the rolled-forward entry
 *    does not list: after the claim, no earlier writer can commit them any more, so they are
 *    orphans, never someone's data in flight to a commit (where `capabilities.listStaged`);
 * 4. trims the log to `keep` entries.
 *
 * Idempotent: run again, it rolls forward the (now empty) claim, claims once more and finds no
 * orphans. Throws `FencedError` when every claim attempt lost.
 */
export async function recoverTopicPartition(
  wal: Wal,
  tp: TopicPartition,
  options: RecoverOptions = {},
): Promise<Recovery> {
  const attempts = options.claimAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const recovered = await wal.latest(tp);
    if (recovered) await rollForward(recovered, wal.storage, { retry: options.retry });
    const nextOffset = recovered?.nextOffset;
    let entry: WalEntry;
    try {
      entry = await wal.append(tp, { files: [], nextOffset }, recovered?.seq ?? NO_ENTRY_SEQ);
    } catch (error) {
      if (error instanceof FencedError && attempt < attempts) continue;
      throw error;
    }
    const aborted = await abortOrphans(wal, tp, recovered, options);
    await wal.trim(tp, options.keep ?? 3);
    return { entry, recovered, nextOffset, aborted };
  }
}

async function abortOrphans(
  wal: Wal,
  tp: TopicPartition,
  recovered: WalEntry | undefined,
  options: RecoverOptions,
): Promise<StagedUpload[]> {
  const { storage } = wal;
  if (!storage.capabilities.listStaged) return [];
  const owns = options.ownsUpload ?? ownedByDefaultNaming;
  // Already final after the roll-forward; skipped anyway so that an adapter whose listing lags
  // can never have a committed file's upload aborted.
  const committed = new Set(recovered?.files.map((f) => f.key));
  const orphans = new Map<string, StagedUpload>();
  for (const prefix of options.stagedPrefixes ?? []) {
    for (const upload of await retry(() => storage.listStaged(prefix), options.retry)) {
      if (owns(upload, tp) && !committed.has(upload.key)) orphans.set(`${upload.key}\n${upload.handle}`, upload);
    }
  }
  const list = [...orphans.values()];
  await forEachLimited(list, 8, (upload) => retry(() => storage.abortStaged(upload), options.retry));
  return list;
}

/** The default `ownsUpload`: the file name is `<topic>+<partition>+…` (default file naming). */
export function ownedByDefaultNaming(upload: StagedUpload, tp: TopicPartition): boolean {
  const name = upload.key.slice(upload.key.lastIndexOf('/') + 1);
  return name.startsWith(`${tp.topic}+${tp.partition}+`);
}
