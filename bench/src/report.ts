import { availableParallelism } from 'node:os';
import type { Figures, ScenarioResult } from './scenario.js';

/**
 * One scenario's figures as printed: the first seven keys are fixed (in this order) so that
 * `grep '^{'` on the harness's stdout gives comparable JSON lines; more may follow.
 */
export interface ResultLine {
  scenario: string;
  /** Subject records per second. */
  recordsPerSec: number;
  /** Subject value megabytes (10^6 bytes) per second. */
  mbPerSec: number;
  /** Subject child process's peak RSS in MiB. */
  peakRssMb: number;
  /** Name of the baseline. */
  baseline: string;
  baselineRecordsPerSec: number;
  /** `recordsPerSec / baselineRecordsPerSec`: below 1 means slower than the baseline. */
  ratio: number;
  [extra: string]: string | number | boolean;
}

/** The {@link ResultLine} of a scenario's result, rounded for reading. */
export function resultLine(scenario: string, result: ScenarioResult): ResultLine {
  const { subject, baseline } = result;
  const recordsPerSec = Math.round(perSecond(subject, subject.records));
  const baselineRecordsPerSec = Math.round(perSecond(baseline, baseline.records));
  return {
    scenario,
    recordsPerSec,
    mbPerSec: round(perSecond(subject, subject.bytes) / 1e6, 2),
    peakRssMb: round(subject.peakRssMb, 1),
    baseline: baseline.name,
    baselineRecordsPerSec,
    ratio: baselineRecordsPerSec > 0 ? round(recordsPerSec / baselineRecordsPerSec, 4) : 0,
    records: subject.records,
    seconds: round(subject.seconds, 3),
    sampledPeakRssMb: round(subject.sampledPeakRssMb, 1),
    cpuSeconds: round(subject.cpuSeconds, 3),
    baselineRecords: baseline.records,
    baselineSeconds: round(baseline.seconds, 3),
    baselineMbPerSec: round(perSecond(baseline, baseline.bytes) / 1e6, 2),
    ...result.extra,
    node: process.version,
    cpus: availableParallelism(),
  };
}

const COLUMNS: [title: string, value: (line: ResultLine) => string][] = [
  // A scenario with variants (format-encode) names each row's variant: `format-encode/csv`.
  ['scenario', (l) => (typeof l.format === 'string' ? `${l.scenario}/${l.format}` : l.scenario)],
  ['records/s', (l) => l.recordsPerSec.toLocaleString('en-US')],
  ['MB/s', (l) => l.mbPerSec.toFixed(1)],
  ['peak RSS MB', (l) => l.peakRssMb.toFixed(0)],
  ['baseline', (l) => l.baseline],
  ['baseline rec/s', (l) => l.baselineRecordsPerSec.toLocaleString('en-US')],
  ['ratio', (l) => l.ratio.toFixed(3)],
];

/** A plain-text table of result lines, one row each, for humans. */
export function formatTable(lines: readonly ResultLine[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...lines.map((line) => COLUMNS.map(([, value]) => value(line)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: string[]) =>
    row.map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const [header = [], ...body] = rows;
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(format)].join('\n');
}

function perSecond(figures: Figures, amount: number): number {
  return figures.seconds > 0 ? amount / figures.seconds : 0;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
