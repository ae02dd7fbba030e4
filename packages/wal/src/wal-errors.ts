import { SinkkitError } from '@sinkkit/core';

/** Stable codes of the errors this package throws; never reworded once released. */
export const WalErrorCode = {
  /** Another writer owns the topic-partition: the entry's slot was taken or is behind the log. */
  FENCED: 'WAL_FENCED',
  /** An object in the log is not a valid entry (corrupt, truncated, foreign or misplaced). */
  CORRUPT_ENTRY: 'WAL_CORRUPT_ENTRY',
  /** An entry to append breaks the format's rules (offsets out of order, duplicate keys, …). */
  INVALID_ENTRY: 'WAL_INVALID_ENTRY',
  /** The newest entry kept vanishing while being read: something other than trimming deletes the log. */
  UNSTABLE_LOG: 'WAL_UNSTABLE_LOG',
} as const;

/**
 * The append lost: another writer took slot `seq` first, or the log had already moved past it.
 * Not retriable as it is: the caller aborts its staged data, re-reads the log with
 * `latest()`, rolls the newest entry forward and seeks the consumer to its `nextOffset`, and
 * appends again only if it still owns the topic-partition.
 */
export class FencedError extends SinkkitError {
  override name = 'FencedError';
  /** The sequence number this writer tried to write. */
  readonly seq: number;
  /** The entry's key in the storage. */
  readonly key: string;

  constructor(seq: number, key: string, reason: string) {
    super(`WAL append of seq ${seq} at ${key} fenced: ${reason}`, { code: WalErrorCode.FENCED });
    this.seq = seq;
    this.key = key;
  }
}

/**
 * An object in the log could not be read as an entry. Not retriable: reading it again gives
 * the same bytes. Names the key, so an operator can inspect or remove the object.
 */
export class CorruptEntryError extends SinkkitError {
  override name = 'CorruptEntryError';
  readonly key: string;

  constructor(key: string, reason: string, cause?: unknown) {
    super(`WAL entry ${key} is unreadable: ${reason}`, { code: WalErrorCode.CORRUPT_ENTRY, cause });
    this.key = key;
  }
}

/** An entry to append was refused before anything was written. Not retriable: a caller bug. */
export class InvalidEntryError extends SinkkitError {
  override name = 'InvalidEntryError';

  constructor(reason: string) {
    super(`Invalid WAL entry: ${reason}`, { code: WalErrorCode.INVALID_ENTRY });
  }
}
