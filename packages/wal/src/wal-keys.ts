import type { TopicPartition } from '@sinkkit/core';

/** Where logs live unless configured otherwise. */
export const DEFAULT_WAL_PREFIX = '_sinkkit/wal';

/** Digits of a zero-padded seq: enough for any 64-bit value, so key order is seq order forever. */
const SEQ_DIGITS = 20;
const ENTRY_NAME = /^(\d{20})\.json$/;
// Kafka's own rule for topic names (kafka.common.Topic): these characters, at most 249 of them.
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * The key layout of the logs: `<prefix>/<topic>/<partition>/<seq padded to 20 digits>.json`.
 *
 * Zero padding makes lexicographic order (the order every store lists in) equal to seq order,
 * and the trailing `/` of a partition's folder keeps partition 1 from listing partition 10.
 */
export class WalKeys {
  /** The prefix without a trailing `/`. */
  readonly prefix: string;

  /** Throws a `RangeError` naming the prefix when it is empty, absolute or has empty segments. */
  constructor(prefix: string = DEFAULT_WAL_PREFIX) {
    const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    if (
      trimmed === '' ||
      trimmed.startsWith('/') ||
      trimmed.split('/').some((s) => s === '' || s === '.' || s === '..')
    ) {
      throw new RangeError(
        `WAL prefix ${JSON.stringify(prefix)} is invalid: use a relative path like "${DEFAULT_WAL_PREFIX}" (no leading "/", no empty, "." or ".." segments)`,
      );
    }
    this.prefix = trimmed;
  }

  /** The folder of one topic-partition's log, ending in `/`. Validates the topic-partition. */
  folder(tp: TopicPartition): string {
    checkTopicPartition(tp);
    return `${this.prefix}/${tp.topic}/${tp.partition}/`;
  }

  /** The key of entry `seq` of `tp`. */
  entry(tp: TopicPartition, seq: number): string {
    checkSeq(seq);
    return `${this.folder(tp)}${String(seq).padStart(SEQ_DIGITS, '0')}.json`;
  }

  /**
   * The seq of a key listed under `folder`, or `undefined` for an object that is not an entry
   * (a stray file someone put there): the log ignores those rather than failing on them.
   */
  seqOf(folder: string, key: string): number | undefined {
    if (!key.startsWith(folder)) return undefined;
    const digits = ENTRY_NAME.exec(key.slice(folder.length))?.[1];
    if (digits === undefined) return undefined;
    const seq = Number(digits);
    return Number.isSafeInteger(seq) && seq >= 1 ? seq : undefined;
  }
}

/** Throws a `RangeError` unless `seq` is a positive safe integer. */
export function checkSeq(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`WAL seq must be a positive safe integer, got ${seq}`);
  }
}

/**
 * Throws a `RangeError` for a topic Kafka would not accept or a bad partition. Kafka's rule
 * already makes a topic a safe path segment; checking it here keeps a hand-built
 * `TopicPartition` from escaping the log's folder (`../x`) or sharing another's.
 */
export function checkTopicPartition(tp: TopicPartition): void {
  if (!TOPIC_NAME.test(tp.topic) || tp.topic === '.' || tp.topic === '..') {
    throw new RangeError(
      `Topic ${JSON.stringify(tp.topic)} is not a valid Kafka topic name (1-249 of [a-zA-Z0-9._-], not "." or "..")`,
    );
  }
  if (!Number.isSafeInteger(tp.partition) || tp.partition < 0) {
    throw new RangeError(`Partition must be a non-negative integer, got ${tp.partition} for topic ${tp.topic}`);
  }
}
