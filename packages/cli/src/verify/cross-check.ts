import type { CommittedFile } from './committed-batch.js';
import { companionName } from './companion-files.js';
import type { DataFile } from './data-files.js';
import { mergeRanges, overlaps, showRange } from './offset-ranges.js';
import type { Issue, OffsetRange } from './report.js';

/** A file as the newest batch listing it committed it. */
export interface Committed {
  readonly file: CommittedFile;
  readonly seq: number;
  readonly newest: boolean;
}

/** What {@link crossCheck} needs to know about the partition's history besides its files. */
export interface CrossCheckContext {
  /** `[first committed offset, last nextOffset)`, or `null` when nothing was committed. */
  readonly committedRange: OffsetRange | null;
  /** Whether the history reaches back to seq 1. */
  readonly complete: boolean;
  /** Seqs of entries that exist but cannot be read: their files show up as in no batch. */
  readonly unreadableSeqs: readonly number[];
  readonly delimiter?: string;
}

/**
 * Committed files against the store: each committed file present with its size, nothing else
 * there. A file no batch lists is a `duplicate` only when its offsets are really in committed
 * files: its range is compared with the committed files' ranges, not with the partition's whole
 * committed range, which also spans the offsets of an unreadable entry's batch. A name without an
 * end offset tells only the file's first offset, so only that one is compared.
 */
export function crossCheck(
  committed: ReadonlyMap<string, Committed>,
  present: readonly DataFile[],
  context: CrossCheckContext,
): Issue[] {
  const { committedRange, complete, unreadableSeqs, delimiter } = context;
  const issues: Issue[] = [];
  const byKey = new Map(present.map((f) => [f.key, f]));
  const fileRanges: OffsetRange[] = [];
  for (const [key, { file, seq, newest }] of committed) {
    const range = { from: file.startOffset, to: file.endOffset + 1n };
    fileRanges.push(range);
    const found = byKey.get(key);
    if (found === undefined) {
      issues.push(
        newest
          ? {
              kind: 'unfinalized',
              severity: 'warning',
              message: `committed by the newest entry (seq ${seq}) but not final yet; the next recovery finalizes it`,
              key,
              range,
            }
          : {
              kind: 'missing-file',
              severity: 'error',
              message: `committed by seq ${seq} but not in the store`,
              key,
              range,
            },
      );
    } else if (found.size !== file.size) {
      issues.push({
        kind: 'size-mismatch',
        severity: 'error',
        message: `has ${found.size} bytes, seq ${seq} committed ${file.size}`,
        key,
        range,
      });
    }
  }
  const inFiles = mergeRanges(fileRanges);
  const unreadable =
    unreadableSeqs.length > 0
      ? ` (the unreadable entry ${unreadableSeqs.map((s) => `seq ${s}`).join(', ')} may list it)`
      : '';
  for (const file of present) {
    if (committed.has(file.key)) continue;
    const range = { from: file.startOffset, to: (file.endOffset ?? file.startOffset) + 1n };
    if (!complete && (committedRange === null || range.to <= committedRange.from)) {
      issues.push({
        kind: 'unaudited-file',
        severity: 'warning',
        message: 'older than the known history; cannot be checked',
        key: file.key,
        range,
      });
    } else if (companionName(file.key, delimiter)) {
      issues.push({
        kind: 'uncommitted-file',
        severity: 'error',
        message: `a keys or headers file in no readable batch, visible to readers${unreadable}`,
        key: file.key,
        range,
      });
    } else if (inFiles.some((r) => overlaps(range, r))) {
      issues.push({
        kind: 'duplicate',
        severity: 'error',
        message: `in no batch, and its offsets ${showRange(range)} are committed in other files: a reader sees them twice`,
        key: file.key,
        range,
      });
    } else {
      issues.push({
        kind: 'uncommitted-file',
        severity: 'error',
        message:
          unreadable === ''
            ? 'in no batch: data that was never committed, visible to readers'
            : `in no readable batch${unreadable}: its offsets cannot be checked`,
        key: file.key,
        range,
      });
    }
  }
  return issues;
}
