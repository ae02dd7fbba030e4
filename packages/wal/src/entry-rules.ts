import type { WalEntryInit } from './wal-entry.js';

/** The form of a file's content checksum: `crc32:` 8 hex digits, or `sha256:` 64. */
export const CHECKSUM = /^(crc32:[0-9a-f]{8}|sha256:[0-9a-f]{64})$/;

/** Kafka offsets are signed 64-bit; the largest one a broker can hand out. */
export const MAX_OFFSET = 2n ** 63n - 1n;

/**
 * What is wrong with an entry's content, or `undefined` when nothing is. Shared by `append`
 * (to refuse a bad entry before it becomes the commit point) and by reading (to refuse one
 * written by a buggy or foreign writer), so both sides agree on what a valid entry is.
 */
export function entryProblem(entry: WalEntryInit): string | undefined {
  if (entry.skipped !== undefined && (!Number.isSafeInteger(entry.skipped) || entry.skipped < 0)) {
    return `skipped must be an integer >= 0, got ${String(entry.skipped)}`;
  }
  const keys = new Set<string>();
  let highestEnd = -1n;
  for (const [i, file] of entry.files.entries()) {
    const where = `files[${i}] (${JSON.stringify(file.key)})`;
    if (typeof file.key !== 'string' || file.key === '') return `files[${i}].key must be a non-empty string`;
    if (keys.has(file.key)) return `${where} appears twice: two files cannot become the same object`;
    keys.add(file.key);
    if (typeof file.handle !== 'string') return `${where}.handle must be a string`;
    // -1 ("unknown") is only for listStaged results; a closed upload always knows its size, and
    // finalize needs it to recognise an already-final object.
    if (!Number.isSafeInteger(file.size) || file.size < 0) return `${where}.size must be a byte count >= 0`;
    if (!Number.isSafeInteger(file.recordCount) || file.recordCount < 1) {
      return `${where}.recordCount must be an integer >= 1`;
    }
    const offsets = offsetProblem(file.startOffset, 'startOffset') ?? offsetProblem(file.endOffset, 'endOffset');
    if (offsets) return `${where}.${offsets}`;
    if (file.endOffset < file.startOffset) return `${where}: endOffset is below startOffset`;
    // Offsets may have gaps (compaction, transaction markers), so a file can hold fewer
    // records than its offset span, never more.
    if (BigInt(file.recordCount) > file.endOffset - file.startOffset + 1n) {
      return `${where}: ${file.recordCount} records cannot fit offsets ${file.startOffset}..${file.endOffset}`;
    }
    if (file.checksum !== undefined && !CHECKSUM.test(file.checksum)) {
      return `${where}.checksum must be crc32:<8 hex digits> or sha256:<64 hex digits>, got ${JSON.stringify(file.checksum)}`;
    }
    if (file.endOffset > highestEnd) highestEnd = file.endOffset;
  }
  if (entry.rangeStart !== undefined) {
    const from = offsetProblem(entry.rangeStart, 'rangeStart');
    if (from) return from;
    const lowest = entry.files.reduce<bigint | undefined>(
      (l, f) => (l === undefined || f.startOffset < l ? f.startOffset : l),
      undefined,
    );
    if (lowest !== undefined && entry.rangeStart > lowest) {
      return `rangeStart ${entry.rangeStart} must be at or below every file's startOffset (lowest ${lowest})`;
    }
    if (entry.nextOffset !== undefined && entry.rangeStart > entry.nextOffset) {
      return `rangeStart ${entry.rangeStart} must be at or below nextOffset ${entry.nextOffset}`;
    }
  }
  if (entry.nextOffset === undefined) {
    return entry.files.length > 0 ? 'nextOffset is required when the entry has files' : undefined;
  }
  const next = offsetProblem(entry.nextOffset, 'nextOffset');
  if (next) return next;
  if (entry.nextOffset <= highestEnd) {
    return `nextOffset ${entry.nextOffset} must be above every file's endOffset (highest ${highestEnd})`;
  }
  return undefined;
}

function offsetProblem(offset: unknown, name: string): string | undefined {
  if (typeof offset !== 'bigint' || offset < 0n || offset > MAX_OFFSET) {
    return `${name} must be a bigint in 0..2^63-1, got ${String(offset)}`;
  }
  return undefined;
}
