import type { OffsetRange } from './report.js';

/** `ranges` sorted and merged where they touch or overlap. */
export function mergeRanges(ranges: readonly OffsetRange[]): OffsetRange[] {
  const sorted = [...ranges]
    .filter((r) => r.to > r.from)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: OffsetRange[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range.from <= last.to)
      out[out.length - 1] = { from: last.from, to: range.to > last.to ? range.to : last.to };
    else out.push(range);
  }
  return out;
}

/** Offsets in the merged ranges. */
export function rangeSize(ranges: readonly OffsetRange[]): bigint {
  return ranges.reduce((sum, r) => sum + (r.to - r.from), 0n);
}

/** The parts of `within` that no range of `ranges` (merged) covers. */
export function uncovered(within: OffsetRange, ranges: readonly OffsetRange[]): OffsetRange[] {
  const out: OffsetRange[] = [];
  let cursor = within.from;
  for (const r of mergeRanges(ranges)) {
    if (r.to <= cursor) continue;
    if (r.from >= within.to) break;
    if (r.from > cursor) out.push({ from: cursor, to: r.from });
    cursor = r.to;
  }
  if (cursor < within.to) out.push({ from: cursor, to: within.to });
  return out;
}

/** Whether the two ranges share an offset. */
export function overlaps(a: OffsetRange, b: OffsetRange): boolean {
  return a.from < b.to && b.from < a.to;
}

/** `[from, to)` as people read it. */
export function showRange(r: OffsetRange): string {
  return `[${r.from}, ${r.to})`;
}
