import type { HistoryBatch, PartitionHistory } from './committed-batch.js';
import { splitCompanions } from './companion-files.js';
import { type Committed, crossCheck } from './cross-check.js';
import type { DataFile } from './data-files.js';
import { mergeRanges, rangeSize, showRange, uncovered } from './offset-ranges.js';
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
  const unreadableSeqs = history.unreadable.flatMap((u) => (u.seq === undefined ? [] : [u.seq]));
  const unreadable = new Set(unreadableSeqs);
  const first = batches[0];
  // Seqs below the first readable one that exist but cannot be read are not lost history: they
  // are reported as unreadable entries.
  const complete = first === undefined || seqsBetween(0, first.seq).every((s) => unreadable.has(s));

  const committed = new Map<string, Committed>();
  const covered: OffsetRange[] = [];
  let records = 0;
  let companions = 0;
  let skipped = 0;
  let committedFrom: bigint | undefined;
  let previous: HistoryBatch | undefined;
  for (const batch of batches) {
    const contiguous = previous !== undefined && batch.seq === previous.seq + 1;
    const lost = previous === undefined ? [] : seqsBetween(previous.seq, batch.seq).filter((s) => !unreadable.has(s));
    if (lost.length > 0) {
      issues.push({
        kind: 'missing-batches',
        severity: 'error',
        message: `seqs ${showSeqs(lost)} are in neither the log nor its archive`,
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
    // Where the batch starts is known from its predecessor, or from the entry itself (the first
    // batch of a new log records where the consumer started). Otherwise (the first batch after a
    // claim of a new log written before entries said so, or the first after a hole) it starts, as
    // far as anyone can tell, at its lowest file; its files are still checked for gaps from there.
    const recorded = batch.rangeStart;
    const startKnown = (contiguous && previousNext !== undefined) || recorded !== undefined;
    const start =
      contiguous && previousNext !== undefined ? previousNext : (recorded ?? lowestFile ?? batch.nextOffset);
    if (!contiguous && previousNext !== undefined && start > previousNext) {
      const range = { from: previousNext, to: start };
      const hole = seqsBetween(previous?.seq ?? 0, batch.seq).filter((s) => unreadable.has(s));
      const why = hole.length > 0 ? `: seq ${showSeqs(hole)} cannot be read` : '';
      issues.push({
        kind: 'gap',
        severity: 'error',
        message: `offsets ${showRange(range)} belong to no readable batch${why}`,
        range,
      });
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
  issues.push(
    ...crossCheck(committed, present, { committedRange, complete, unreadableSeqs, delimiter: options.fileDelimiter }),
  );
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
    content: null,
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
  // With the start unknown, skipped offsets may lie below the lowest file, outside `range`: too
  // many then proves nothing, too few still does (skipped offsets inside `range` are fewer still).
  if (accounted > span && startKnown) {
    issues.push({
      kind: 'duplicate',
      severity: 'error',
      message: `seq ${batch.seq}: ${accounted} records and skipped offsets for the ${span} offsets ${showRange(range)}`,
      range,
    });
  } else if (accounted < span) {
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

/** The seqs strictly between `low` and `high`. */
function seqsBetween(low: number, high: number): number[] {
  return Array.from({ length: Math.max(0, high - low - 1) }, (_, i) => low + 1 + i);
}

/** Ascending seqs as runs: `3..5, 8`. */
function showSeqs(seqs: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && (seqs[j + 1] as number) === (seqs[j] as number) + 1) j++;
    runs.push(i === j ? `${seqs[i]}` : `${seqs[i]}..${seqs[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
