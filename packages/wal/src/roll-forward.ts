import { type RetryOptions, retry, type Storage } from '@sinkkit/core';
import { forEachLimited } from './for-each-limited.js';
import type { WalEntry } from './wal-entry.js';

/** Options of {@link rollForward}. */
export interface RollForwardOptions {
  /** How each finalize is retried (only retriable errors). Default: `retry()`'s defaults. */
  readonly retry?: RetryOptions;
  /** Most finalize calls in flight at once. Default 16. */
  readonly concurrency?: number;
}

/**
 * Makes every file of a committed entry visible: `storage.finalize` on each, retrying
 * retriable failures.
 *
 * Safe to run any number of times, by any number of processes, at any point: finalize is
 * idempotent by the Storage contract (a file already final with the recorded size counts as
 * done), so a crash between two files, or a new owner finishing what a zombie started, only
 * repeats work. Rejects with the first failure after every file was attempted; a
 * `STORAGE_STAGED_UPLOAD_LOST` error means committed data is gone (a lifecycle rule or a
 * person removed it) and needs an operator.
 */
export async function rollForward(entry: WalEntry, storage: Storage, options: RollForwardOptions = {}): Promise<void> {
  await forEachLimited(entry.files, options.concurrency ?? 16, (file) =>
    // Only the StagedUpload fields: the adapter owns that shape, the WAL's bookkeeping is not its business.
    retry(() => storage.finalize({ key: file.key, handle: file.handle, size: file.size }), options.retry),
  );
}
