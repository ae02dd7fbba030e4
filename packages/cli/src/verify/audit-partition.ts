import type { CommittedFile, HistoryBatch, PartitionHistory } from './committed-batch.js';
import { companionName, splitCompanions } from './companion-files.js';
import type { DataFile } from './data-files.js';
import { mergeRanges, overlaps, rangeSize, showRange, uncovered } from './offset-ranges.js';
import type { Issue, OffsetRange, PartitionReport } from './report.js';

/** How strict the audit is. */
export interface AuditOptions {
  /**
   * Offsets of a batch in no file and not counted as skipped are a `gap` (error) unless this is
   * set; then they are `unaccounted` (warning). Set it when records can legitimately never reach
   * the sink: filtered by a transform, sent to the dead-letter queue, compacted topics,
   * transaction markers. Default false.
   */
  readonly allowUnaccounted?: boolean;
  /** Between topic, partition and offsets in a file name, to tell keys and headers files. Default `+`. */
  readonly fileDelimiter?: string;
}

interface Committed {
  readonly file: CommittedFile;
  readonly seq: number;
  readonly newest: boolean;
}

/**
 * Audits one topic-partition: walks its batches in seq order, checking that each accounts for
 * exactly the offsets `[previous nextOffset, nextOffset)` (every offset in one file or counted
 * as skipped), then compares the files the batches list with the files in the store.
 */
export function auditPartition(
  history: PartitionHistory,
  present: readonly DataFile[],
  options: AuditOptions = {},
): PartitionReport {
  const { topic, partition, batches } = history;
  const issues: Issue[] = history.unreadable.map(({ key, reason }) => ({
    kind: 'unreadable-entry' as const,
    severity: 'error' as const,
    message: `entry cannot be read: ${reason}`,
    key,
  }));
  const first = batches[0];
  const complete = first === undefined || first.seq === 1;

  const committed = new Map<string, Committed>();
  const covered: OffsetRange[] = [];
  let records = 0;
  let companions = 0;
  let skipped = 0;
  let committedFrom: bigint | undefined;
  let previous: HistoryBatch | undefined;
  for (const batch of batches) {
    const contiguous = previous !== undefined && batch.seq === previous.seq + 1;
    if (previous !== undefined && !contiguous) {
      issues.push({
        kind: 'missing-batches',
        severity: 'error',
        message: `seqs ${previous.seq + 1}..${batch.seq - 1} are in neither the log nor its archive`,
      });
    }
    // Keys and headers files hold no offsets of their own: checked against their value file, then
    // only for presence; the offset accounting below sees the value files alone.
    const split = splitCompanions(batch.files, batch.seq, options.fileDelimiter);
    issues.push(...split.issues);
    companions += split.companions.length;
    for (const file of batch.files) {
      const other = committed.get(file.key);
      if (other) {
        issues.push({
          kind: 'duplicate',
          severity: 'error',
          message: `listed by seq ${other.seq} and again by seq ${batch.seq}`,
          key: file.key,
          range: { from: file.startOffset, to: file.endOffset + 1n },
        });
      }
      committed.set(file.key, { file, seq: batch.seq, newest: batch === batches.at(-1) });
    }
    for (const file of split.values) records += file.recordCount;
    const values: HistoryBatch = { ...batch, files: split.values };
    skipped += batch.skipped;
    if (batch.nextOffset === undefined) {
      previous = batch;
      continue;
    }
    const previousNext = previous?.nextOffset;
    const lowestFile = values.files.reduce<bigint | undefined>(
      (low, f) => (low === undefined || f.startOffset < low ? f.startOffset : low),
      undefined,
    );
    // Where the batch starts is known from its predecessor; the very first batch (and the first
    // after a hole) starts, as far as anyone can tell, at its lowest file.
    const startKnown = contiguous && previousNext !== undefined;
    const start = startKnown ? previousNext : (lowestFile ?? batch.nextOffset);
    if (!startKnown && previousNext !== undefined && start > previousNext) {
      const range = { from: previousNext, to: start };
      issues.push({ kind: 'gap', severity: 'error', message: `offsets ${showRange(range)} belong to no batch`, range });
    }
    if (previousNext !== undefined && batch.nextOffset < previousNext) {
      issues.push({
        kind: 'offset-regression',
        severity: 'error',
        message: `seq ${batch.seq} moves nextOffset back from ${previousNext} to ${batch.nextOffset}: those offsets are committed twice`,
        range: { from: batch.nextOffset, to: previousNext },
      });
      previous = batch;
      continue;
    }
    committedFrom ??= start;
    issues.push(...auditBatch(values, { from: start, to: batch.nextOffset }, startKnown, options));
    covered.push({ from: start, to: batch.nextOffset });
    previous = batch;
  }

  // Offsets of the lost batches cannot be told apart from offsets never committed: say which.
  const unchecked: OffsetRange = { from: 0n, to: committedFrom ?? 0n };
  if (!complete && first) {
    const which =
      unchecked.to > 0n ? `offsets ${showRange(unchecked)} could not be checked` : 'no offset could be checked';
    issues.unshift({
      kind: 'history-incomplete',
      severity: 'warning',
      message: `history starts at seq ${first.seq}: seqs 1..${first.seq - 1} were trimmed and no archive holds them (wrong --ledger-prefix?), so ${which}`,
      ...(unchecked.to > 0n ? { range: unchecked } : {}),
    });
  }
  const last = [...batches].reverse().find((b) => b.nextOffset !== undefined)?.nextOffset;
  const committedRange = committedFrom !== undefined && last !== undefined ? { from: committedFrom, to: last } : null;
  issues.push(...crossCheck(committed, present, committedRange, complete, options.fileDelimiter));
  const errors = new Set(issues.filter((i) => i.severity === 'error' && i.range).map((i) => i.range as OffsetRange));
  return {
    topic,
    partition,
    ok: !issues.some((i) => i.severity === 'error'),
    history: { firstSeq: first?.seq ?? null, lastSeq: batches.at(-1)?.seq ?? null, batches: batches.length, complete },
    committed: committedRange,
    unchecked: !complete && unchecked.to > 0n ? [unchecked] : [],
    covered: mergeRanges(covered).flatMap((range) => uncovered(range, [...errors])),
    records,
    skipped,
    files: { committed: committed.size, present: present.length, companions },
    issues,
  };
}

/** Checks that the batch's files and skipped count account for each offset of `range` exactly once. */
function auditBatch(batch: HistoryBatch, range: OffsetRange, startKnown: boolean, options: AuditOptions): Issue[] {
  const issues: Issue[] = [];
  const fileRanges = batch.files.map((f) => ({ from: f.startOffset, to: f.endOffset + 1n }));
  for (const [i, file] of batch.files.entries()) {
    const r = fileRanges[i] as OffsetRange;
    if (r.from < range.from || r.to > range.to) {
      issues.push({
        kind: 'duplicate',
        severity: 'error',
        message: `holds offsets ${showRange(r)}, outside its batch's ${showRange(range)} (seq ${batch.seq}): they belong to another batch too`,
        key: file.key,
        range: r,
      });
    }
  }
  const span = range.to - range.from;
  const inFiles = BigInt(batch.files.reduce((sum, f) => sum + f.recordCount, 0));
  const union = rangeSize(mergeRanges(fileRanges));
  // Files of one batch may interleave (a field partitioner spreads a partition over folders),
  // so overlapping ranges alone prove nothing; more records than distinct offsets does.
  if (inFiles > union) {
    issues.push({
      kind: 'duplicate',
      severity: 'error',
      message: `seq ${batch.seq}: ${inFiles} records in files spanning only ${union} offsets`,
      range,
    });
  }
  const accounted = inFiles + BigInt(batch.skipped);
  if (accounted > span) {
    issues.push({
      kind: 'duplicate',
      severity: 'error',
      message: `seq ${batch.seq}: ${accounted} records and skipped offsets for the ${span} offsets ${showRange(range)}`,
      range,
    });
  } else if (accounted < span && startKnown) {
    const holes = uncovered(range, fileRanges);
    const where = holes.length > 0 ? ` (in no file: ${holes.map(showRange).join(', ')})` : '';
    const message = `seq ${batch.seq}: ${span - accounted} of the offsets ${showRange(range)} are in no file and not counted as skipped${where}`;
    issues.push(
      options.allowUnaccounted
        ? { kind: 'unaccounted', severity: 'warning', message, range }
        : { kind: 'gap', severity: 'error', message, range },
    );
  }
  return issues;
}

/** Committed files against the store: each committed file present with its size, nothing else there. */
function crossCheck(
  committed: ReadonlyMap<string, Committed>,
  present: readonly DataFile[],
  committedRange: OffsetRange | null,
  complete: boolean,
  delimiter?: string,
): Issue[] {
  const issues: Issue[] = [];
  const byKey = new Map(present.map((f) => [f.key, f]));
  for (const [key, { file, seq, newest }] of committed) {
    const range = { from: file.startOffset, to: file.endOffset + 1n };
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
        message: 'a keys or headers file in no batch, visible to readers',
        key: file.key,
        range,
      });
    } else if (committedRange !== null && overlaps(range, committedRange)) {
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
        message: 'in no batch: data that was never committed, visible to readers',
        key: file.key,
        range,
      });
    }
  }
  return issues;
}
