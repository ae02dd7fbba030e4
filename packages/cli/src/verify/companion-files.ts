import type { CommittedFile } from './committed-batch.js';
import type { Issue } from './report.js';

/**
 * Keys and headers files (`store.kafka.keys`, `store.kafka.headers`) are written beside a value
 * file, named `<value file stem>.keys.<ext>` / `.headers.<ext>` (Confluent's S3 sink's names),
 * with one record per value record, and committed in the same WAL entry. They hold no offsets of
 * their own: the verifier counts records in value files only, and checks each companion against
 * its value file.
 */
export interface CompanionName {
  /** The value file's key without its extension. */
  readonly stem: string;
  readonly tag: 'keys' | 'headers';
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `<dir>/<…><d><partition><d><start>[<d><end>]` then the rest of the name. */
function split(key: string, delimiter: string): { stem: string; rest: string } | undefined {
  const slash = key.lastIndexOf('/') + 1;
  const d = escapeRegExp(delimiter);
  const match = new RegExp(`^(.*${d}\\d+${d}\\d+(?:${d}\\d+)?)(\\..*)$`).exec(key.slice(slash));
  return match ? { stem: key.slice(0, slash) + match[1], rest: match[2] as string } : undefined;
}

/** The companion a key names, or `undefined` for a value file (or any other name). */
export function companionName(key: string, delimiter = '+'): CompanionName | undefined {
  const parts = split(key, delimiter);
  const tag = parts && /^\.(keys|headers)\./.exec(parts.rest)?.[1];
  return parts && tag ? { stem: parts.stem, tag: tag as 'keys' | 'headers' } : undefined;
}

/**
 * Splits a batch's files into value files and companions, with an issue for each companion whose
 * value file is not in the same batch or that disagrees with it in record count or offsets.
 */
export function splitCompanions(
  files: readonly CommittedFile[],
  seq: number,
  delimiter = '+',
): { values: CommittedFile[]; companions: CommittedFile[]; issues: Issue[] } {
  const values: CommittedFile[] = [];
  const companions: { file: CommittedFile; stem: string }[] = [];
  for (const file of files) {
    const name = companionName(file.key, delimiter);
    if (name) companions.push({ file, stem: name.stem });
    else values.push(file);
  }
  const byStem = new Map(values.map((v) => [split(v.key, delimiter)?.stem, v]));
  const issues: Issue[] = [];
  for (const { file, stem } of companions) {
    const range = { from: file.startOffset, to: file.endOffset + 1n };
    const value = byStem.get(stem);
    if (!value) {
      issues.push({
        kind: 'companion-mismatch',
        severity: 'error',
        message: `seq ${seq} lists no value file ${stem}.* beside it`,
        key: file.key,
        range,
      });
    } else if (
      value.recordCount !== file.recordCount ||
      value.startOffset !== file.startOffset ||
      value.endOffset !== file.endOffset
    ) {
      issues.push({
        kind: 'companion-mismatch',
        severity: 'error',
        message: `${file.recordCount} records at offsets ${file.startOffset}..${file.endOffset}, its value file ${value.key} ${value.recordCount} at ${value.startOffset}..${value.endOffset}`,
        key: file.key,
        range,
      });
    }
  }
  return { values, companions: companions.map((c) => c.file), issues };
}
