import type { StagedUpload } from '@sinkkit/core';

/**
 * One file of a committed batch: the staged upload that becomes visible at `key` when the entry
 * is rolled forward, and the Kafka records it holds.
 *
 * Structurally a {@link StagedUpload} plus the record bookkeeping, so the result of
 * `StagedWriter.close()` can be spread into it as it is.
 */
export interface WalFile extends StagedUpload {
  /** Records in the file; at least 1. */
  readonly recordCount: number;
  /** Kafka offset of the file's first record. */
  readonly startOffset: bigint;
  /** Kafka offset of the file's last record; `>= startOffset`. */
  readonly endOffset: bigint;
  /**
   * Checksum of the file's bytes as they were streamed into the staged upload,
   * `<algorithm>:<lowercase hex>`: `crc32:` (CRC-32, 8 hex digits, as zlib and S3's `CRC32`
   * compute it) or `sha256:` (64 hex digits). What a verifier compares the stored object with.
   * Absent in entries written before sinkkit recorded checksums, and from writers that compute none.
   */
  readonly checksum?: string;
}

/**
 * What a writer commits for one topic-partition: every file of the batch and the offset to
 * consume next. The log assigns the sequence number and the creation time.
 */
export interface WalEntryInit {
  /**
   * Every file of the batch (any number of encoded partitions, in any order; final keys unique).
   * Empty for an entry that only moves the offset or claims the topic-partition.
   */
  readonly files: readonly WalFile[];
  /**
   * The next Kafka offset to consume once this entry is committed: above every file's
   * `endOffset`. `undefined` only in an entry that claims a log with no batch yet (then the
   * consumer starts from Kafka's committed offset).
   */
  readonly nextOffset: bigint | undefined;
  /**
   * Records of the batch's offset range the writer saw and deliberately wrote to no file (a null
   * value with `behavior.on.null.values=ignore`, …). Default 0. Offsets in the range that are in
   * no file and not counted here never reached the writer (filtered by a transform, sent to the
   * dead-letter queue, compacted away, or transaction markers).
   */
  readonly skipped?: number;
  /**
   * Where the batch's offset range starts, when the writer knows it and no earlier entry says it:
   * the offset the consumer started from, in the first batch of a new log (whose claim has no
   * `nextOffset`). At or below every file's `startOffset`. Absent otherwise: the range starts at
   * the previous entry's `nextOffset`.
   */
  readonly rangeStart?: bigint;
}

/** A committed entry, as written at `seq` of its topic-partition's log. */
export interface WalEntry extends WalEntryInit {
  /** Position in the topic-partition's log: 1 for the first entry, previous + 1 after that. */
  readonly seq: number;
  readonly topic: string;
  readonly partition: number;
  /** Who wrote it (task and instance id), for diagnosis only: ownership is decided by `seq`. */
  readonly writerId: string;
  /** When it was written, ISO 8601 UTC, from the writer's clock (informational). */
  readonly createdAt: string;
  /** See {@link WalEntryInit.skipped}; 0 when the entry did not say. */
  readonly skipped: number;
}

/** `seq` of "no entry yet": pass it as `expectedPreviousSeq` to append the first entry. */
export const NO_ENTRY_SEQ = 0;
