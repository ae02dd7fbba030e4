/** One file of a committed batch, as the commit log (or its ledger) lists it. */
export interface CommittedFile {
  /** The final key, relative to the storage root. */
  readonly key: string;
  /** Bytes the finalized object must have. */
  readonly size: number;
  readonly recordCount: number;
  /** Kafka offset of the file's first record. */
  readonly startOffset: bigint;
  /** Kafka offset of the file's last record. */
  readonly endOffset: bigint;
  /** `crc32:…` or `sha256:…` of the file's bytes as committed; absent in entries written before sinkkit recorded it. */
  readonly checksum?: string;
}

/**
 * One entry of a topic-partition's commit history, from the live log or its archive. A batch
 * accounts for the offsets `[previous batch's nextOffset, nextOffset)`: each of them is in
 * exactly one of its files or counted in `skipped`.
 */
export interface HistoryBatch {
  /** Position in the log: 1 for the first entry, previous + 1 after that. */
  readonly seq: number;
  /** Empty for a claim (an owner taking the partition over) or an entry that only moves the offset. */
  readonly files: readonly CommittedFile[];
  /** `undefined` only in a claim of a log where nothing was ever committed. */
  readonly nextOffset: bigint | undefined;
  /** Records of the batch's range the sink saw and deliberately wrote to no file. */
  readonly skipped: number;
  /**
   * Where the batch's range starts, when the entry says so: the first batch of a new log records
   * the offset the consumer started from (Kafka's committed offset then). Absent otherwise: the
   * range starts at the previous batch's `nextOffset`.
   */
  readonly rangeStart?: bigint;
}

/** Everything known about one topic-partition's commits, oldest first. */
export interface PartitionHistory {
  readonly topic: string;
  readonly partition: number;
  /** Ascending by seq; gaps in seq mean entries that are neither in the log nor in its archive. */
  readonly batches: readonly HistoryBatch[];
  /**
   * Entries that exist but could not be read (corrupt, or written by a newer sinkkit); `seq` when
   * the key tells it (a log entry; not a ledger object).
   */
  readonly unreadable: readonly { readonly key: string; readonly reason: string; readonly seq?: number }[];
}
