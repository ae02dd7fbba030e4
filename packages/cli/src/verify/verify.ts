import type { Storage } from '@sinkkit/core';
import { type AuditOptions, auditPartition } from './audit-partition.js';
import { CommitLogHistory, type CommitLogPrefixes } from './commit-log-history.js';
import type { PartitionHistory } from './committed-batch.js';
import { checkContents } from './content-checksums.js';
import { type DataFile, type DataFileLayout, listDataFiles, routedFolders } from './data-files.js';
import { emptyResultIssues } from './empty-result.js';
import type { HistorySource } from './history-source.js';
import { uncovered } from './offset-ranges.js';
import type { Issue, OffsetRange, PartitionReport, VerifyReport } from './report.js';
import type { VerifyProgress } from './verify-progress.js';

/** Options of {@link verify}. */
export interface VerifyOptions extends DataFileLayout, CommitLogPrefixes, AuditOptions {
  /** The store the sink wrote to (the same root or bucket prefix the sink was given). */
  readonly storage: Storage;
  /** Topics to audit. Default: every topic with a commit log in the store. */
  readonly topics?: readonly string[];
  /** Where the commit history comes from. Default: the commit log and its ledger in `storage`. */
  readonly history?: HistorySource;
  /**
   * Accept a result with nothing to check (a topic with neither history nor data files, a store
   * with no commit history and no data files): `no-history` is then a warning, not an error.
   * Data files without any commit history stay errors. Default false.
   */
  readonly allowEmpty?: boolean;
  /** Any warning fails the audit too (lost history, unchecked files, unfinalized files). Default false. */
  readonly strict?: boolean;
  /**
   * Read every committed file and compare its bytes with the checksum its commit-log entry
   * recorded (`checksum-mismatch`). Reads the whole store: about as long as downloading it. Files
   * committed before sinkkit recorded checksums are counted in `content.unrecorded`, not failed.
   * Default true.
   */
  readonly checksums?: boolean;
  /** Files read at once by the content check; each is held in memory whole. Default 4. */
  readonly checksumConcurrency?: number;
  /** Called as the audit goes: after each partition, and after each file the content check reads. */
  readonly onProgress?: (progress: VerifyProgress) => void;
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
  const audited: PartitionReport[] = [];
  const progress = new ProgressCounter(topics.length, options.onProgress);
  for (const topic of topics) audited.push(...(await verifyTopic(storage, source, topic, options, progress)));
  const storeIssues = await emptyResultIssues(storage, topics, options.topics !== undefined, audited, options);
  const passes = (found: readonly Issue[]) =>
    !found.some((i) => i.severity === 'error' || (options.strict === true && i.severity === 'warning'));
  const partitions = audited.map((p) => ({ ...p, ok: passes(p.issues) }));
  const issues = [...storeIssues, ...partitions.flatMap((p) => p.issues)];
  return {
    ok: passes(issues),
    topics,
    partitions,
    issues: storeIssues,
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
  options: DataFileLayout & AuditOptions & Pick<VerifyOptions, 'checksums' | 'checksumConcurrency'>,
  progress: ProgressCounter,
): Promise<PartitionReport[]> {
  const histories = new Map<number, PartitionHistory>();
  for (const partition of await source.partitions(topic))
    histories.set(partition, await source.history(topic, partition));
  const committedKeys = [...histories.values()].flatMap((h) => h.batches.flatMap((b) => b.files.map((f) => f.key)));
  const { files, unrecognized } = await listDataFiles(
    storage,
    topic,
    options,
    routedFolders(topic, committedKeys, options),
  );
  const byPartition = new Map<number, DataFile[]>();
  for (const file of files) byPartition.set(file.partition, [...(byPartition.get(file.partition) ?? []), file]);
  const reports: PartitionReport[] = [];
  const partitions = new Set([...histories.keys(), ...byPartition.keys()]);
  progress.startTopic(topic, partitions.size);
  for (const partition of [...partitions].sort((a, b) => a - b)) {
    const history = histories.get(partition) ?? (await source.history(topic, partition));
    const present = byPartition.get(partition) ?? [];
    const report = auditPartition(history, present, options);
    if (options.checksums === false) reports.push(report);
    else {
      const content = await checkContents(storage, history, present, {
        concurrency: options.checksumConcurrency,
        onFile: (bytes) => progress.fileRead(bytes),
      });
      const changed = content.issues.flatMap((i) => (i.range ? [i.range] : []));
      reports.push({
        ...report,
        covered: report.covered.flatMap((r: OffsetRange) => uncovered(r, changed)),
        content: { checked: content.checked, unrecorded: content.unrecorded, bytes: content.bytes },
        issues: [...report.issues, ...content.issues],
      });
    }
    progress.partitionDone(report.files.committed);
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

/** Counts what the audit has done, for `onProgress`. */
class ProgressCounter {
  #state: { -readonly [K in keyof VerifyProgress]: VerifyProgress[K] };

  constructor(
    topics: number,
    readonly onProgress?: (progress: VerifyProgress) => void,
  ) {
    this.#state = {
      topic: '',
      topicsDone: 0,
      topicsTotal: topics,
      partitionsDone: 0,
      partitionsTotal: 0,
      filesDone: 0,
      filesRead: 0,
      bytesRead: 0,
    };
  }

  startTopic(topic: string, partitions: number): void {
    if (this.#state.topic !== '') this.#state.topicsDone += 1;
    Object.assign(this.#state, { topic, partitionsDone: 0, partitionsTotal: partitions });
    this.#emit();
  }

  fileRead(bytes: number): void {
    this.#state.filesRead += 1;
    this.#state.bytesRead += bytes;
    this.#emit();
  }

  partitionDone(files: number): void {
    this.#state.partitionsDone += 1;
    this.#state.filesDone += files;
    this.#emit();
  }

  #emit(): void {
    this.onProgress?.({ ...this.#state });
  }
}
