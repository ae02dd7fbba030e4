import {
  backoffDelay,
  type Clock,
  DataError,
  isRetriable,
  type Partitioner,
  type RecordWriterProvider,
  type Schema,
  type SinkRecord,
  type Storage,
  type TopicPartition,
} from '@sinkkit/core';
import { FencedError, forEachLimited, rollForward, type Wal, type WalEntry, type WalFile } from '@sinkkit/wal';
import type { CompanionFormat } from '../companions/companion-format.js';
import type { FileNamer } from '../naming/file-namer.js';
import type { RotationPolicy, RotationReason } from '../rotation/rotation-policy.js';
import { projectRecord } from '../schema/project-record.js';
import { type PooledFile, type PoolRoute, poolKey } from '../schema/schema-pool.js';
import { OpenFile } from './open-file.js';
import type { ResourceGovernor } from './resource-governor.js';

/** Thrown inside the writer when a format refused a record it can route (see `#refusal`). */
const REFUSED = Symbol('a format refused a record of the batch');

/** `#writeFast` declined the record: `#writeOne` handles it. */
const SLOW = Symbol('not the fast path');

/** A batch taken out of the writer by `commit`, for `#commitSealed`. */
interface SealedBatch {
  readonly files: readonly OpenFile[];
  readonly nextOffset: bigint;
  readonly skipped: number;
  /** Where the first batch of a new log starts (the consumer's starting offset), for the verifier; else undefined. */
  readonly rangeStart: bigint | undefined;
  /** Bytes its files' formats held when it was sealed: the governor counts them until the files are closed. */
  readonly buffered: number;
}

/**
 * How a background commit failed: `fenced`, another owner committed its seq; `unknown`, the entry
 * may yet have landed; `failed`, before the entry was written (or its files could not be
 * finalized after it), with `error`.
 */
type CommitFailure = { readonly kind: 'fenced' } | { readonly kind: 'unknown' | 'failed'; readonly error: unknown };

/**
 * `RECOVERING` until `recover()` resolved; `IDLE` with no open batch (a sealed one may be
 * committing in the background); `WRITING` with records staged but uncommitted;
 * `NEEDS_RECOVERY` after a commit whose outcome is unknown; `NEEDS_REWIND` after a failure
 * outside `put` (the seek must be asked for inside a `put`, see `#rewind`); `CLOSED` after `close()`.
 */
export type WriterState = 'RECOVERING' | 'IDLE' | 'WRITING' | 'NEEDS_RECOVERY' | 'NEEDS_REWIND' | 'CLOSED';

/** Most files of one commit closing at once (each an fsync or an upload). */
const CLOSE_CONCURRENCY = 16;

/** What a {@link TopicPartitionWriter} works with; shared by every writer of a task. */
export interface WriterDeps {
  readonly storage: Storage;
  readonly wal: Wal;
  readonly provider: RecordWriterProvider;
  /** Files written beside each value file and committed with it (`store.kafka.keys`, `store.kafka.headers`). */
  readonly companions?: readonly CompanionFormat[];
  readonly partitioner: Partitioner;
  readonly namer: FileNamer;
  readonly policy: RotationPolicy;
  readonly governor: ResourceGovernor;
  readonly clock: Clock;
  readonly nullValues: 'fail' | 'ignore' | 'write';
  readonly walKeep: number;
  readonly trimEvery: number;
  /**
   * Hands a record the partitioner refused (a `DataError`) to the runtime's errant-record
   * reporter: with `errors.tolerance=all` it resolves (dead-letter queue) and the record is
   * skipped; with `none`, or without a reporter, it rejects and the task fails.
   */
  readonly reportErrant: (record: SinkRecord, error: DataError) => Promise<void>;
  /** Asks the consumer to continue `tp` from `offset` (the task context's `offset`). */
  readonly seek: (tp: TopicPartition, offset: bigint) => void;
}

/**
 * Writes one topic-partition: records go into open files (one per encoded partition; with
 * `sink.schema.pool.size` one per encoded partition and value schema, see `#place`), and a
 * commit turns all of them into one WAL entry, atomically. The state machine:
 *
 * ```
 * RECOVERING ─recover()→ IDLE ─write→ WRITING ─rotation/pressure: seal→ IDLE (the sealed batch commits
 *                          ▲                                              in the background)
 *                          │     its commit fenced: adopt the winner's entry, seek
 *                          └──── recover(), seek ◄── NEEDS_RECOVERY (its outcome unknown)
 * ```
 *
 * Commits are pipelined: a sealed batch is closed, logged and finalized while the next batch is
 * written, at most one at a time per partition (a commit waits for the one before). A failure of
 * the background commit is taken up by the next call that needs it settled (`#settle`): the batch
 * written since is discarded with it, so both are rebuilt from Kafka.
 *
 * Offsets: `committedOffset` is the newest entry's `nextOffset`, the only offset preCommit
 * reports. `position` is the next offset expected; records below it were already taken
 * (redelivery after a seek, a retried put) and are skipped, never written twice. After any
 * failure the writer seeks the consumer back to the committed offset and drops the rest of the
 * current `put` for this partition, so the batch is rebuilt from Kafka with no gap.
 */
export class TopicPartitionWriter {
  readonly tp: TopicPartition;
  #state: WriterState = 'RECOVERING';
  readonly #d: WriterDeps;
  readonly #files = new Map<string, OpenFile>();
  /** The commit under way in the background (see `commit`); never rejects. */
  #inflight: Promise<void> | undefined;
  /** How the commit in `#inflight` failed, for the foreground to handle (see `#settle`). */
  #inflightFailure: CommitFailure | undefined;
  #lastSeq = 0;
  #committed: bigint | undefined;
  #position: bigint | undefined;
  /** The first offset taken since recovery (or the last rewind): where a rewind goes while nothing is committed yet. */
  #batchStart: bigint | undefined;
  #skipped = 0;
  #baseTime: number | undefined;
  #deadline: number | undefined;
  #buffered = 0;
  #unfinalized: WalEntry | undefined;
  #dropRest = false;
  #inPut = false;
  #failures = 0;
  /**
   * Records a format refused, by offset, until a commit passes them: when they come again they
   * go to errors.tolerance (once: a batch rebuilt twice does not report them twice), not the format.
   */
  readonly #refused = new Map<bigint, { error: DataError; reported: boolean }>();
  /** Commits made, by reason (for tests and metrics). */
  readonly commits = new Map<RotationReason | 'recovery', number>();

  constructor(tp: TopicPartition, deps: WriterDeps) {
    this.tp = tp;
    this.#d = deps;
  }

  get state(): WriterState {
    return this.#state;
  }
  /** The newest committed entry's `nextOffset`; `undefined` before the first commit of an empty log. */
  get committedOffset(): bigint | undefined {
    return this.#committed;
  }
  get openFileCount(): number {
    return this.#files.size;
  }
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Takes the partition over: rolls the log forward, fences earlier owners, seeks to its `nextOffset`. */
  async recover(): Promise<void> {
    const { wal, namer, walKeep } = this.#d;
    const recovery = await wal.recover(this.tp, {
      stagedPrefixes: [namer.stagedPrefix()],
      ownsUpload: (upload, tp) => namer.owns(upload.key, tp),
      keep: walKeep,
    });
    this.#clearBatch();
    this.#lastSeq = recovery.entry.seq;
    this.#committed = recovery.nextOffset;
    this.#position = recovery.nextOffset;
    if (recovery.nextOffset !== undefined) this.#d.seek(this.tp, recovery.nextOffset);
    this.#state = 'IDLE';
  }

  /**
   * Called for every writer at the start of each `put`: a seek asked for during the previous
   * `put` has taken effect (the runtime applies seeks after `put` returns, before delivering more).
   */
  beginPut(): void {
    this.#dropRest = false;
    this.#inPut = true;
  }

  /** Called for every writer when `put` returns. */
  endPut(): void {
    this.#inPut = false;
  }

  /** Commits on behalf of the task's memory budget or open-file limit; failures handled as in `write`. */
  async relieve(reason: 'memory.budget' | 'max.open.files'): Promise<void> {
    try {
      await this.commit(reason);
      await this.#settle(); // the files are closed (their memory freed) only when the commit is done
    } catch (error) {
      await this.#fail(error);
    }
  }

  /**
   * Writes `record` unless it was already taken; rotates as the policy says. Returns a promise
   * only when it has to wait (a commit, a file to open, a flush to storage): a record for an open
   * file with nothing else to do is written synchronously, with no promise or microtask of its own.
   */
  write(record: SinkRecord): Promise<void> | undefined {
    if (this.#state === 'WRITING' && !this.#dropRest && this.#refused.size === 0 && !this.#inflightFailure) {
      if (record.kafkaOffset < (this.#position as bigint)) return undefined;
      let written: Promise<void> | undefined | typeof SLOW;
      try {
        written = this.#writeFast(record);
      } catch (error) {
        return this.#failWrite(record, error);
      }
      if (written !== SLOW) {
        if (written === undefined) this.#failures = 0;
        return written?.then(
          () => {
            this.#failures = 0;
          },
          (error) => this.#failWrite(record, error),
        );
      }
    }
    return this.#writeSlow(record);
  }

  async #writeSlow(record: SinkRecord): Promise<void> {
    if (this.#state === 'CLOSED' || this.#state === 'RECOVERING') {
      throw new Error(`Writer of ${this.tp.topic}-${this.tp.partition} is ${this.#state}`);
    }
    if (this.#inflightFailure) {
      try {
        await this.#settle();
      } catch (error) {
        return this.#failWrite(record, error);
      }
    }
    if (this.#dropRest) return;
    if (this.#state === 'NEEDS_RECOVERY') return this.#recoverAfterFailure();
    if (this.#state === 'NEEDS_REWIND') return this.#rewind();
    if (this.#position !== undefined && record.kafkaOffset < this.#position) return;
    try {
      await this.#writeOne(record);
      this.#failures = 0;
    } catch (error) {
      await this.#failWrite(record, error);
    }
  }

  async #failWrite(record: SinkRecord, error: unknown): Promise<void> {
    // No batch started yet (its first file failed to open): without this, nothing before the
    // committed offset (none yet) would say where to seek back to, and the put's rest would be lost.
    this.#batchStart ??= record.kafkaOffset;
    await this.#fail(error);
  }

  /** Commits when the wall-clock schedule says so (idle partitions too). */
  async checkSchedule(): Promise<void> {
    if (this.#deadline === undefined || this.#d.clock.now() < this.#deadline) return;
    if (this.#state !== 'WRITING') return;
    try {
      await this.commit('rotate.schedule.interval.ms');
    } catch (error) {
      await this.#fail(error);
    }
  }

  /**
   * Commits every open file of the partition as one WAL entry, atomically, in the background: the
   * batch is sealed (the next record opens new files) and `#commitSealed` closes its files (staged
   * uploads), appends the entry (the commit point) and finalizes the files while the next batch is
   * written. At most one commit is under way: this first waits for the one before (`#settle`),
   * which throws its failure for the caller's `#fail`. `settle()` waits for this one.
   */
  async commit(reason: RotationReason): Promise<void> {
    await this.#settle();
    if (this.#state !== 'WRITING') return;
    const batch = this.#seal();
    this.#inflight = this.#commitSealed(batch, reason);
  }

  /** Waits for the commit under way (`preCommit` reports only what is committed); a failure is handled as `write` would. */
  async settle(): Promise<void> {
    try {
      await this.#settle();
    } catch (error) {
      await this.#fail(error);
    }
  }

  /** Takes the batch's files and counts out of the writer, which goes back to `IDLE`. */
  #seal(): SealedBatch {
    const batch = {
      files: [...this.#files.values()],
      nextOffset: this.#position as bigint,
      skipped: this.#skipped,
      rangeStart: this.#committed === undefined ? this.#batchStart : undefined,
      buffered: this.#buffered,
    };
    this.#files.clear();
    this.#buffered = 0; // the governor still counts them, until the files are closed
    this.#skipped = 0;
    this.#baseTime = undefined;
    this.#deadline = undefined;
    this.#state = 'IDLE';
    return batch;
  }

  /**
   * The background half of `commit`: finalizes the previous entry's files if that is still to do,
   * closes the batch's files, appends its entry, finalizes, trims now and then. Never rejects: a
   * failure is left in `#inflightFailure` with the batch's staged data already aborted, except
   * after an append whose outcome is unknown (recovery settles that data).
   */
  async #commitSealed(batch: SealedBatch, reason: RotationReason): Promise<void> {
    const { wal, governor } = this.#d;
    const closed: WalFile[] = [];
    try {
      await this.#finishRollForward();
      await this.#closeFiles(batch.files, closed);
    } catch (error) {
      await Promise.all(batch.files.map((f) => f.abort()));
      await this.#abortUploads(closed);
      this.#inflightFailure = { kind: 'failed', error: this.#refusal(error) };
      return;
    } finally {
      governor.track(-batch.buffered);
    }
    let entry: WalEntry;
    try {
      entry = await wal.append(
        this.tp,
        { files: closed, nextOffset: batch.nextOffset, skipped: batch.skipped, rangeStart: batch.rangeStart },
        this.#lastSeq,
      );
    } catch (error) {
      if (error instanceof FencedError) {
        await this.#abortUploads(closed);
        this.#inflightFailure = { kind: 'fenced' };
      } else {
        this.#inflightFailure = { kind: 'unknown', error }; // the entry may yet land: keep the staged data
      }
      return;
    }
    this.#lastSeq = entry.seq;
    this.#committed = batch.nextOffset;
    for (const offset of this.#refused.keys()) if (offset < batch.nextOffset) this.#refused.delete(offset);
    this.commits.set(reason, (this.commits.get(reason) ?? 0) + 1);
    this.#unfinalized = entry;
    // Committed either way. A retriable failure is retried before the next append (or by the
    // next owner's recovery); anything else (staged data lost) needs an operator: fail loudly.
    try {
      await this.#finishRollForward();
    } catch (error) {
      if (!isRetriable(error)) this.#inflightFailure = { kind: 'failed', error };
      return;
    }
    if (entry.seq % this.#d.trimEvery === 0) await wal.trim(this.tp, this.#d.walKeep).catch(() => {});
  }

  /**
   * Waits for the commit under way and takes up its failure: the batch written since is discarded
   * too (Kafka redelivers it); fenced, the winner's entry is adopted and `true` returned (the rest
   * of the put is dropped); any other failure is thrown for the caller's `#fail`, after an unknown
   * outcome in `NEEDS_RECOVERY`.
   */
  async #settle(): Promise<boolean> {
    if (!this.#inflight) return false;
    await this.#inflight;
    this.#inflight = undefined;
    const failure = this.#inflightFailure;
    this.#inflightFailure = undefined;
    if (!failure) return false;
    await this.#discardBatch();
    if (failure.kind === 'fenced') {
      await this.#adoptWinner();
      return true;
    }
    if (failure.kind === 'unknown') this.#state = 'NEEDS_RECOVERY';
    throw failure.error;
  }

  /**
   * Closes `files` into `out`, in their order, up to {@link CLOSE_CONCURRENCY} at once: each close
   * flushes its format and makes its staged data durable (an fsync, an upload), independent of the
   * others; a format may refuse a held record only now. On a failure `out` holds those closed.
   */
  async #closeFiles(files: readonly OpenFile[], out: WalFile[]): Promise<void> {
    const closed: WalFile[][] = new Array(files.length);
    try {
      await forEachLimited([...files.entries()], CLOSE_CONCURRENCY, async ([i, file]) => {
        closed[i] = await file.close(); // the value file, then its companions
      });
    } finally {
      for (const uploads of closed) if (uploads) out.push(...uploads);
    }
  }

  /** The partition is gone (rebalance, shutdown): discards uncommitted data; Kafka redelivers it to the next owner. */
  async close(): Promise<void> {
    // A commit under way finishes first; if it fails, the next owner's recovery settles its data.
    await this.#inflight;
    this.#inflight = undefined;
    this.#inflightFailure = undefined;
    await this.#discardBatch();
    this.#state = 'CLOSED';
  }

  async #writeOne(record: SinkRecord): Promise<void> {
    const { clock, policy, partitioner } = this.#d;
    const now = clock.now();
    const offset = record.kafkaOffset;
    if (record.value === null && this.#d.nullValues !== 'write') {
      if (this.#d.nullValues === 'fail') {
        throw new DataError('A null value (tombstone) with behavior.on.null.values=fail', {
          topic: record.topic,
          partition: record.kafkaPartition,
          offset,
        });
      }
      return this.#skip(record, now);
    }
    // Empty but for a batch rebuilt after a refusal: no map lookup per record otherwise.
    const refused = this.#refused.size > 0 ? this.#refused.get(offset) : undefined;
    if (refused) {
      // The format refused it in an earlier try of this batch (see #refusal).
      if (!refused.reported) await this.#d.reportErrant(record, refused.error);
      refused.reported = true;
      return this.#skip(record, now);
    }
    let encoded: string;
    try {
      encoded = partitioner.encodePartition(record, now);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      // Like converter and transform errors, a record that cannot be placed follows
      // errors.tolerance; a skipped record is counted in the WAL entry, so offsets stay gap-free.
      await this.#d.reportErrant(record, error);
      return this.#skip(record, now);
    }
    const recordTime = partitioner.timestamp?.(record, now) ?? record.timestamp ?? now;
    const reason = policy.onTime(recordTime, this.#baseTime);
    if (reason) await this.commit(reason);
    // Fenced by that commit (or one in #place or below): the winner's entry was adopted and the
    // consumer sent to its nextOffset, so this record is redelivered if it is still needed; writing
    // it now would put it into a batch that starts at the wrong offset.
    if (this.#dropRest) return;
    const placed = await this.#place(record, encoded);
    if (!placed) return;
    if ('errant' in placed) {
      // A schema the compatibility mode cannot handle, or a value that cannot be projected onto
      // its file's schema: errors.tolerance decides, as in Confluent's connector.
      await this.#d.reportErrant(record, placed.errant);
      return this.#skip(record, now);
    }
    this.#startBatch(offset, recordTime, now);
    await this.#append(placed.file, placed.record);
  }

  /**
   * The common case of `#writeOne`, all of it synchronous: a record with a value, for an open file
   * of its schema, in a batch its time does not rotate. `SLOW` (before anything was changed) for
   * anything else, which `#writeOne` then handles in full.
   */
  #writeFast(record: SinkRecord): Promise<void> | undefined | typeof SLOW {
    const { clock, policy, partitioner, nullValues } = this.#d;
    if (record.value === null && nullValues !== 'write') return SLOW;
    const now = clock.now();
    let encoded: string;
    try {
      encoded = partitioner.encodePartition(record, now);
    } catch {
      return SLOW; // #writeOne asks again and reports the record
    }
    const file = this.#files.get(encoded);
    if (!file || !this.#fitsAsIs(file, record.valueSchema)) return SLOW;
    const recordTime = partitioner.timestamp?.(record, now) ?? record.timestamp ?? now;
    if (policy.onTime(recordTime, this.#baseTime)) return SLOW;
    return this.#append(file, record);
  }

  /**
   * Whether a record of value schema `schema` goes into `file` unchanged, without routing: it has
   * the file's schema, and either there is no schema pool or the mode is `NONE` (with a pool, the
   * projecting modes may prefer another version's file).
   */
  #fitsAsIs(file: OpenFile, schema: Schema | null): boolean {
    if (file.schema !== schema && !schema?.equals(file.schema)) return false;
    const { schemaCompatibility = 'NONE', schemaPoolSize = 1 } = this.#d.policy.settings;
    return schemaPoolSize === 1 || schemaCompatibility === 'NONE';
  }

  /**
   * Writes `record` into `file`, then commits if the file is full, then lets the governor relieve
   * memory: a promise only when one of those has to wait.
   */
  #append(file: OpenFile, record: SinkRecord): Promise<void> | undefined {
    const before = file.bufferedBytes;
    let writing: Promise<void> | undefined;
    try {
      writing = file.write(record);
    } catch (error) {
      throw this.#refusal(error);
    }
    if (!writing) return this.#appended(file, record, before);
    return writing.then(
      () => this.#appended(file, record, before),
      (error: unknown) => Promise.reject(this.#refusal(error)),
    );
  }

  #appended(file: OpenFile, record: SinkRecord, bufferedBefore: number): Promise<void> | undefined {
    this.#addBuffered(file.bufferedBytes - bufferedBefore);
    this.#position = record.kafkaOffset + 1n;
    const { policy, governor } = this.#d;
    const reason = policy.afterWrite(file) ?? (this.#skipped >= policy.settings.flushSize ? 'flush.size' : undefined);
    if (reason) return this.commit(reason).then(() => governor.afterWrite());
    return governor.afterWrite();
  }

  /**
   * The open file `record` goes into, opened (or the batch rotated first) as the rotation
   * policy's schema route says, and the record as written there: projected onto the file's schema
   * when `schema.compatibility` says so. Files are keyed by encoded partition and schema-pool slot
   * (`poolKey`). `errant` when the record's schema cannot be judged or its value not projected
   * (only those: a failing commit or open is no fault of the record's); `undefined` when a commit
   * on the way was fenced or failed (the put's rest is dropped).
   */
  async #place(
    record: SinkRecord,
    encoded: string,
  ): Promise<{ file: OpenFile; record: SinkRecord } | { errant: DataError } | undefined> {
    const { policy, governor, namer, partitioner } = this.#d;
    const first = this.#files.get(encoded);
    const schema = record.valueSchema;
    if (first && this.#fitsAsIs(first, schema)) return { file: first, record };
    // At most three rounds: a rotation or the open-file limit empties the partition's files, after
    // which the record opens slot 0.
    for (let round = 0; round < 3; round++) {
      let route: PoolRoute;
      try {
        route = policy.route(schema, this.#pooled(encoded));
        if (route.kind === 'write') {
          const file = this.#files.get(poolKey(encoded, route.slot)) as OpenFile;
          return { file, record: route.projectTo === undefined ? record : projectRecord(record, route.projectTo) };
        }
      } catch (error) {
        if (error instanceof DataError) return { errant: DataError.at(record, error) };
        throw error;
      }
      if (route.kind === 'rotate') {
        await this.commit('schema');
        if (this.#dropRest) return undefined;
        continue;
      }
      const openBefore = this.#files.size;
      await governor.beforeOpen();
      if (this.#dropRest) return undefined;
      if (this.#files.size < openBefore) continue; // our own files were committed to make room: route again
      const path = partitioner.partitionedPath(record.topic, encoded);
      const key = namer.key(this.tp, path, record.kafkaOffset);
      const start = record.kafkaOffset;
      const file = await OpenFile.open(
        this.#d.storage,
        this.#d.provider,
        key,
        this.tp,
        encoded,
        record,
        this.#d.companions,
        namer.endOffsetInName ? (end) => namer.key(this.tp, path, start, end) : undefined,
      );
      this.#files.set(poolKey(encoded, route.slot), file);
      return { file, record };
    }
    throw new Error(`No file for a record of ${this.tp.topic}-${this.tp.partition} after three rounds`);
  }

  /** The open files of `encoded`, by schema-pool slot. */
  #pooled(encoded: string): PooledFile[] {
    const out: PooledFile[] = [];
    for (let slot = 0; slot < (this.#d.policy.settings.schemaPoolSize ?? 1); slot++) {
      const file = this.#files.get(poolKey(encoded, slot));
      if (file) out.push({ slot, schema: file.schema });
    }
    return out;
  }

  /** Takes `record` without writing it (counted as skipped in the WAL entry, so offsets stay gap-free). */
  #skip(record: SinkRecord, now: number): void {
    this.#startBatch(record.kafkaOffset, record.timestamp ?? now, now);
    this.#skipped += 1;
    this.#position = record.kafkaOffset + 1n;
  }

  #startBatch(offset: bigint, recordTime: number, now: number): void {
    if (this.#state === 'WRITING') return;
    this.#state = 'WRITING';
    this.#batchStart ??= offset;
    this.#baseTime = recordTime;
    this.#deadline = this.#d.policy.deadline(now);
  }

  /**
   * A format's `DataError` naming a record of this batch: the format's file is aborted with the
   * batch (the contract of `RecordWriter.write`), so the batch is rebuilt from Kafka without
   * that record, which goes to errors.tolerance when it comes again (dead-letter queue, or the
   * task fails naming it). Anything else is returned unchanged.
   */
  #refusal(error: unknown): unknown {
    if (!(error instanceof DataError) || error.offset === undefined) return error;
    if (error.topic !== this.tp.topic || error.partition !== this.tp.partition) return error;
    const from = this.#committed ?? this.#batchStart;
    if (from === undefined || error.offset < from) return error;
    this.#refused.set(error.offset, { error, reported: false });
    return REFUSED;
  }

  /** After a failed write or commit: start the batch over from the committed offset. */
  async #fail(error: unknown): Promise<void> {
    // The commit under way first, so nothing is discarded or rewound under its feet. Its batch is
    // older than the one failing now: its failure decides.
    try {
      if (await this.#settle()) return;
    } catch (earlier) {
      error = earlier;
    }
    if (error === REFUSED) {
      await this.#discardBatch();
      return this.#rewind();
    }
    const fatal = error instanceof DataError || !isRetriable(error);
    if (this.#state === 'NEEDS_RECOVERY') {
      if (fatal) throw error;
      return this.#inPut ? this.#recoverAfterFailure() : undefined;
    }
    if (fatal && !(error instanceof DataError) && (await this.#overtaken())) {
      // Not a fault but the fence showing: the new owner's recovery aborted our staged uploads.
      await this.#discardBatch();
      return this.#adoptWinner();
    }
    await this.#discardBatch();
    this.#rewind();
    if (fatal) throw error;
    this.#failures += 1;
    // A storage that keeps failing is not hammered: each attempt waits longer (bounded).
    await this.#d.clock.sleep(backoffDelay(this.#failures, { baseMs: 100, capMs: 5_000 }));
  }

  /** Whether another writer appended to the log since our last commit. */
  async #overtaken(): Promise<boolean> {
    const latest = await this.#d.wal.latest(this.tp).catch(() => undefined);
    return latest !== undefined && latest.seq > this.#lastSeq;
  }

  /** Fenced: another writer committed this seq. Its entry is the truth; continue after it. */
  async #adoptWinner(): Promise<void> {
    const latest = await this.#d.wal.latest(this.tp);
    if (latest) await rollForward(latest, this.#d.storage);
    this.#discardFilesUnchecked();
    if (latest) {
      this.#lastSeq = latest.seq;
      this.#committed = latest.nextOffset;
    }
    this.#rewind();
  }

  /** The commit's outcome is unknown: recovery rolls it forward or aborts it, then we seek. */
  async #recoverAfterFailure(): Promise<void> {
    const batchStart = this.#batchStart;
    this.#discardFilesUnchecked();
    await this.recover(); // throws a retriable error while storage is down; the runtime redelivers
    this.#batchStart = batchStart;
    this.#rewind();
  }

  /**
   * Seeks back to the committed offset (or the batch's start) and drops the rest of this put.
   * Only inside `put`: a seek asked for elsewhere (preCommit) would take effect only after the
   * next `put`, whose records, from the old position, would then be written after a gap. So
   * outside `put` it waits in `NEEDS_REWIND` for the next record.
   */
  #rewind(): void {
    const target = this.#committed ?? this.#batchStart;
    const batchStart = this.#batchStart;
    this.#clearBatch();
    this.#position = target;
    if (!this.#inPut) {
      this.#batchStart = batchStart;
      this.#state = 'NEEDS_REWIND';
      return;
    }
    if (target !== undefined) this.#d.seek(this.tp, target);
    this.#dropRest = true;
    this.#state = 'IDLE';
  }

  async #finishRollForward(): Promise<void> {
    if (!this.#unfinalized) return;
    await rollForward(this.#unfinalized, this.#d.storage);
    this.#unfinalized = undefined;
  }

  async #discardBatch(): Promise<void> {
    await Promise.all([...this.#files.values()].map((f) => f.abort()));
    this.#discardFilesUnchecked();
  }

  async #abortUploads(uploads: readonly WalFile[]): Promise<void> {
    await Promise.all(uploads.map((u) => this.#d.storage.abortStaged(u).catch(() => {})));
  }

  #discardFilesUnchecked(): void {
    this.#files.clear();
    this.#addBuffered(-this.#buffered);
  }

  /** Keeps this writer's and the task's count of buffered bytes (the memory budget's) in step. */
  #addBuffered(delta: number): void {
    this.#buffered += delta;
    this.#d.governor.track(delta);
  }

  #clearBatch(): void {
    this.#discardFilesUnchecked();
    this.#skipped = 0;
    this.#batchStart = undefined;
    this.#baseTime = undefined;
    this.#deadline = undefined;
  }
}
