import type { Storage } from '@sinkkit/core';
import { type AuditOptions, auditPartition } from './audit-partition.js';
import { CommitLogHistory, type CommitLogPrefixes } from './commit-log-history.js';
import { type DataFile, type DataFileLayout, listDataFiles } from './data-files.js';
import type { HistorySource } from './history-source.js';
import type { Issue, PartitionReport, VerifyReport } from './report.js';

/** Options of {@link verify}. */
export interface VerifyOptions extends DataFileLayout, CommitLogPrefixes, AuditOptions {
  /** The store the sink wrote to (the same root or bucket prefix the sink was given). */
  readonly storage: Storage;
  /** Topics to audit. Default: every topic with a commit log in the store. */
  readonly topics?: readonly string[];
  /** Where the commit history comes from. Default: the commit log and its ledger in `storage`. */
  readonly history?: HistorySource;
}

/**
 * Audits what a sink wrote: per topic-partition, checks that every offset from the first
 * committed one up to the last `nextOffset` is in exactly one committed file or counted as
 * skipped by its batch, that every committed file is in the store with its committed size, and
 * that the store holds no data file no batch lists. Reads only; safe while a sink runs (files
 * of the newest batch may then show as `unfinalized`).
 *
 * ```ts
 * const report = await verify({ storage: new FsStorage({ root: './out' }), topics: ['orders'] });
 * if (!report.ok) console.error(formatReport(report));
 * ```
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const { storage } = options;
  const source = options.history ?? new CommitLogHistory(storage, options);
  const topics = options.topics ? [...options.topics] : await source.topics();
  const partitions: PartitionReport[] = [];
  for (const topic of topics) partitions.push(...(await verifyTopic(storage, source, topic, options)));
  const issues = partitions.flatMap((p) => p.issues);
  return {
    ok: partitions.every((p) => p.ok),
    topics,
    partitions,
    totals: {
      partitions: partitions.length,
      batches: partitions.reduce((n, p) => n + p.history.batches, 0),
      files: partitions.reduce((n, p) => n + p.files.committed, 0),
      records: partitions.reduce((n, p) => n + p.records, 0),
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
    },
  };
}

async function verifyTopic(
  storage: Storage,
  source: HistorySource,
  topic: string,
  options: DataFileLayout & AuditOptions,
): Promise<PartitionReport[]> {
  const { files, unrecognized } = await listDataFiles(storage, topic, options);
  const byPartition = new Map<number, DataFile[]>();
  for (const file of files) byPartition.set(file.partition, [...(byPartition.get(file.partition) ?? []), file]);
  const partitions = new Set([...(await source.partitions(topic)), ...byPartition.keys()]);
  const reports: PartitionReport[] = [];
  for (const partition of [...partitions].sort((a, b) => a - b)) {
    const history = await source.history(topic, partition);
    reports.push(auditPartition(history, byPartition.get(partition) ?? [], options));
  }
  if (unrecognized.length > 0) {
    const issues: Issue[] = unrecognized.map((key) => ({
      kind: 'unrecognized-file',
      severity: 'warning',
      message: 'not named like a data file of this topic; not checked',
      key,
    }));
    const first = reports[0];
    if (first) reports[0] = { ...first, issues: [...first.issues, ...issues] };
  }
  return reports;
}
