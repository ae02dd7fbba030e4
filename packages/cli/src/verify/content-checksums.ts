import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Storage } from '@sinkkit/core';
import { forEachLimited } from '@sinkkit/wal';
import type { CommittedFile, PartitionHistory } from './committed-batch.js';
import type { DataFile } from './data-files.js';
import type { Issue } from './report.js';

/** What the content check of one partition found. */
export interface ContentCheck {
  readonly issues: Issue[];
  /** Files read and compared with their recorded checksum. */
  readonly checked: number;
  /** Bytes read for it. */
  readonly bytes: number;
  /** Files present with their size whose entry recorded no checksum (written before sinkkit did). */
  readonly unrecorded: number;
}

/** Options of {@link checkContents}. */
export interface ContentCheckOptions {
  /** Files read at once; each is held in memory whole while it is hashed. Default 4. */
  readonly concurrency?: number;
  /** Called after each file read, with its size. */
  readonly onFile?: (bytes: number) => void;
}

/**
 * Reads every committed file of the partition that is in the store with its committed size and
 * compares its bytes with the checksum its entry recorded: a `checksum-mismatch` (error) names a
 * file changed after it was committed (overwritten in place, zeroed, damaged). Files whose entry
 * recorded no checksum are only counted. A file listed by several batches is checked against the
 * newest listing, as the rest of the audit does.
 */
export async function checkContents(
  storage: Storage,
  history: PartitionHistory,
  present: readonly DataFile[],
  options: ContentCheckOptions = {},
): Promise<ContentCheck> {
  const newest = new Map<string, { file: CommittedFile; seq: number }>();
  for (const batch of history.batches) for (const file of batch.files) newest.set(file.key, { file, seq: batch.seq });
  const sizes = new Map(present.map((f) => [f.key, f.size]));
  const toCheck: { file: CommittedFile; seq: number }[] = [];
  let unrecorded = 0;
  for (const item of newest.values()) {
    // Missing files and wrong sizes are the cross-check's findings already.
    if (sizes.get(item.file.key) !== item.file.size) continue;
    if (item.file.checksum === undefined) unrecorded += 1;
    else toCheck.push(item);
  }
  const issues: Issue[] = [];
  let bytes = 0;
  await forEachLimited(toCheck, options.concurrency ?? 4, async ({ file, seq }) => {
    const body = await storage.get(file.key);
    const range = { from: file.startOffset, to: file.endOffset + 1n };
    bytes += body?.length ?? 0;
    options.onFile?.(body?.length ?? 0);
    if (body === undefined) {
      issues.push({
        kind: 'missing-file',
        severity: 'error',
        message: `committed by seq ${seq}, gone while it was read`,
        key: file.key,
        range,
      });
      return;
    }
    const actual = checksumOf(body, file.checksum as string);
    if (actual !== file.checksum) {
      issues.push({
        kind: 'checksum-mismatch',
        severity: 'error',
        message: `content changed since seq ${seq} committed it: ${actual}, committed ${file.checksum}`,
        key: file.key,
        range,
      });
    }
  });
  // Reads finish in any order; the report lists files by key.
  issues.sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
  return { issues, checked: toCheck.length, bytes, unrecorded };
}

/** The checksum of `body` in the algorithm `recorded` names (`crc32:` or `sha256:`). */
export function checksumOf(body: Uint8Array, recorded: string): string {
  if (recorded.startsWith('sha256:')) return `sha256:${createHash('sha256').update(body).digest('hex')}`;
  return `crc32:${(crc32(body) >>> 0).toString(16).padStart(8, '0')}`;
}
