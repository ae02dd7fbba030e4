/** A half-open offset range `[from, to)`. */
export interface OffsetRange {
  readonly from: bigint;
  readonly to: bigint;
}

/**
 * What the verifier can find wrong. Errors make the audit fail; warnings are states that are
 * not (yet) wrong but limit what could be checked.
 *
 * - `gap` (error): offsets inside the committed range in no file and not counted as skipped: lost
 *   (or, in pipelines that filter records, never delivered to the sink: see `allowUnaccounted`).
 * - `unaccounted` (warning): the same, when `allowUnaccounted` says such offsets are expected.
 * - `duplicate` (error): offsets in more than one file, or a file outside its batch's range.
 * - `missing-file` (error): a committed file is not in the store: lost.
 * - `size-mismatch` (error): a committed file has another size than committed.
 * - `checksum-mismatch` (error): a committed file's bytes differ from the checksum its entry
 *   recorded: changed after the commit (overwritten in place, zeroed, damaged).
 * - `uncommitted-file` (error): a data file no batch lists (a leftover a reader would see).
 * - `offset-regression` (error): a batch's nextOffset is below the previous one.
 * - `missing-batches` (error): seqs absent from both the log and its archive.
 * - `unreadable-entry` (error): an entry that exists but cannot be read.
 * - `unfinalized` (warning): files of the newest batch not final yet; the next recovery finalizes them.
 * - `history-incomplete` (warning): the oldest batches were trimmed and not archived; only the rest is checked.
 * - `unaudited-file` (warning): a file older than the known history, so it cannot be checked.
 * - `unrecognized-file` (warning): an object under the topic's folder that is not named like a data file.
 * - `no-history` (error, or warning with `allowEmpty`): nothing to check: a requested topic with
 *   neither history nor data files, or a store with no commit history at all; data files left
 *   without any commit history are always errors.
 * - `companion-mismatch` (error): a keys or headers file whose value file is not in its batch, or
 *   that disagrees with it in record count or offsets.
 */
export type IssueKind =
  | 'gap'
  | 'unaccounted'
  | 'duplicate'
  | 'missing-file'
  | 'size-mismatch'
  | 'checksum-mismatch'
  | 'uncommitted-file'
  | 'offset-regression'
  | 'missing-batches'
  | 'unreadable-entry'
  | 'unfinalized'
  | 'history-incomplete'
  | 'unaudited-file'
  | 'unrecognized-file'
  | 'companion-mismatch'
  | 'no-history';

/** One finding. */
export interface Issue {
  readonly kind: IssueKind;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The object concerned, when there is one. */
  readonly key?: string;
  /** The offsets concerned, when known. */
  readonly range?: OffsetRange;
}

/** The audit of one topic-partition. */
export interface PartitionReport {
  readonly topic: string;
  readonly partition: number;
  /** No error-severity issue (with `strict`, no issue at all). */
  readonly ok: boolean;
  /** Oldest and newest seq known, batches known, and whether history reaches back to seq 1. */
  readonly history: {
    readonly firstSeq: number | null;
    readonly lastSeq: number | null;
    readonly batches: number;
    readonly complete: boolean;
  };
  /** `[first committed offset, last nextOffset)`, or `null` when nothing was committed. */
  readonly committed: OffsetRange | null;
  /** Offsets that could not be checked because the history of their batches is lost. */
  readonly unchecked: readonly OffsetRange[];
  /** Ranges fully accounted for (each offset in exactly one file or skipped), merged. */
  readonly covered: readonly OffsetRange[];
  /** Records in committed value files (keys and headers files are not counted). */
  readonly records: number;
  /** Offsets counted as skipped by their batches. */
  readonly skipped: number;
  /** Committed and present files; `companions` of the committed are keys or headers files. */
  readonly files: { readonly committed: number; readonly present: number; readonly companions: number };
  /**
   * The content check: files read and compared with their recorded checksum, files whose entry
   * recorded none (committed before sinkkit recorded checksums: only their size was checked), and
   * bytes read. `null` when checksums were not checked (`checksums: false`).
   */
  readonly content: { readonly checked: number; readonly unrecorded: number; readonly bytes: number } | null;
  readonly issues: readonly Issue[];
}

/** The audit of a store. */
export interface VerifyReport {
  /** No error in any partition or in `issues` (with `strict`, no warning either). */
  readonly ok: boolean;
  readonly topics: readonly string[];
  readonly partitions: readonly PartitionReport[];
  /** Findings about the store as a whole, not one partition (`no-history`). */
  readonly issues: readonly Issue[];
  readonly totals: {
    readonly partitions: number;
    readonly batches: number;
    readonly files: number;
    readonly records: number;
    readonly errors: number;
    readonly warnings: number;
  };
}
