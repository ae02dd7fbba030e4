import { showRange } from './offset-ranges.js';
import type { VerifyReport } from './report.js';

/** The report as text for people: one line per partition, one per issue, a verdict at the end. */
export function formatReport(report: VerifyReport): string {
  const lines: string[] = [];
  for (const p of report.partitions) {
    const range = p.committed ? `offsets ${showRange(p.committed)}` : 'nothing committed';
    const seqs = p.history.firstSeq === null ? 'no log' : `seq ${p.history.firstSeq}..${p.history.lastSeq}`;
    const verdict = p.ok ? 'OK' : 'FAILED';
    lines.push(
      `${p.topic}-${p.partition}  ${range}  ${p.records} records in ${p.files.committed} files${companions(p.files.companions)}, ${p.skipped} skipped, ${seqs}  ${verdict}`,
    );
    for (const issue of p.issues) {
      const where = issue.key ? ` ${issue.key}:` : '';
      lines.push(`  ${issue.severity.toUpperCase()} ${issue.kind}${where} ${issue.message}`);
    }
  }
  for (const issue of report.issues) {
    const where = issue.key ? ` ${issue.key}:` : '';
    lines.push(`${issue.severity.toUpperCase()} ${issue.kind}${where} ${issue.message}`);
  }
  const unchecked = report.partitions.flatMap((p) =>
    p.unchecked.map((r) => `${p.topic}-${p.partition} ${showRange(r)}`),
  );
  if (unchecked.length > 0) lines.push(`not checked (history lost): ${unchecked.join(', ')}`);
  lines.push(...contentLines(report));
  const t = report.totals;
  const summary = `${t.partitions} partitions, ${t.records} records in ${t.files} files, ${t.batches} batches`;
  lines.push(
    report.ok
      ? `verify: OK: ${summary}: ${unchecked.length > 0 ? 'every checked offset exactly once, the offsets above not checked' : 'every committed offset exactly once'}${t.warnings > 0 ? ` (${t.warnings} warnings)` : ''}`
      : `verify: FAILED: ${summary}: ${t.errors} errors, ${t.warnings} warnings`,
  );
  return lines.join('\n');
}

const companions = (n: number) => (n > 0 ? ` (${n} of them keys or headers files)` : '');

/** The report as JSON text; offsets (64-bit) as decimal strings. */
export function reportToJson(report: VerifyReport): string {
  return JSON.stringify(report, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2);
}

/** What the content check did: files compared with their checksums, and those that had none. */
function contentLines(report: VerifyReport): string[] {
  const checked = report.partitions.flatMap((p) => (p.content ? [p.content] : []));
  if (report.partitions.length === 0) return [];
  if (checked.length === 0) return ['content: not checked (--no-checksums): only file sizes were compared'];
  const files = checked.reduce((n, c) => n + c.checked, 0);
  const bytes = checked.reduce((n, c) => n + c.bytes, 0);
  const unrecorded = checked.reduce((n, c) => n + c.unrecorded, 0);
  const lines =
    files > 0 || unrecorded === 0
      ? [`content: ${files} files compared with their committed checksums (${megabytes(bytes)} read)`]
      : [];
  if (unrecorded > 0) {
    lines.push(
      `note: ${unrecorded} files were committed without a checksum (written before sinkkit recorded them, or by another writer): only their size was checked`,
    );
  }
  return lines;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
