import type { Storage } from '@sinkkit/core';
import { listAll } from '../storage/list-all.js';
import type { Issue, PartitionReport } from './report.js';

/**
 * Store-level findings when there was nothing to check: a requested topic with neither history
 * nor data files (often a mistyped name), or no commit history at all while data files remain.
 * Errors unless `allowEmpty` says an empty result is expected; then warnings.
 */
export async function emptyResultIssues(
  storage: Storage,
  topics: readonly string[],
  requested: boolean,
  partitions: readonly PartitionReport[],
  options: { readonly topicsDir?: string; readonly allowEmpty?: boolean },
): Promise<Issue[]> {
  const severity = options.allowEmpty ? ('warning' as const) : ('error' as const);
  const issues: Issue[] = [];
  if (requested) {
    for (const topic of topics) {
      if (partitions.some((p) => p.topic === topic)) continue;
      issues.push({
        kind: 'no-history',
        severity,
        message: `topic ${topic} has no commit history and no data files: nothing to check (mistyped name?)`,
      });
    }
    return issues;
  }
  if (partitions.length > 0) return issues;
  const dir = (options.topicsDir ?? 'topics').replace(/\/+$/, '');
  const objects = await listAll(storage, dir === '' ? '' : `${dir}/`);
  if (objects.length === 0) {
    issues.push({
      kind: 'no-history',
      severity,
      message: `no commit history and no data files under ${dir === '' ? 'the store' : `${dir}/`}: nothing to check`,
    });
    return issues;
  }
  for (const { key } of objects) {
    issues.push({
      kind: 'no-history',
      severity: 'error',
      message:
        'a data file with no commit history: no commit log or ledger names any topic (deleted, or wrong --wal-prefix / --ledger-prefix?)',
      key,
    });
  }
  return issues;
}
