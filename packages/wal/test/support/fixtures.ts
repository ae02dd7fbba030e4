import type { RetryOptions, StagedUpload, Storage } from '@sinkkit/core';
import type { WalFile } from '../../src/index.js';

/** Retries without sleeping, so fault tests run at full speed. */
export const noSleep: RetryOptions = { sleep: async () => {} };

/** A WAL file for `upload` holding offsets `start..end` (every offset one record). */
export function walFile(upload: StagedUpload, start: bigint, end: bigint): WalFile {
  return { ...upload, recordCount: Number(end - start + 1n), startOffset: start, endOffset: end };
}

/** A file that never needs finalizing in tests that only look at the log. */
export function paperFile(key: string, start: bigint, end: bigint): WalFile {
  return walFile({ key, handle: `h-${key}`, size: 10 }, start, end);
}

export const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

/** Stages `body` at `key` and returns the closed upload (invisible until finalized). */
export async function stage(storage: Storage, key: string, body = 'data'): Promise<StagedUpload> {
  const writer = await storage.openStaged(key);
  await writer.write(new TextEncoder().encode(body));
  return writer.close();
}
