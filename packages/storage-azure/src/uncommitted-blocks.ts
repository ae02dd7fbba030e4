import type { ContainerClient } from '@azure/storage-blob';
import type { StagedUpload } from '@sinkkit/core';
import { isBlobNotFound, isConditionConflict } from './azure-errors.js';
import type { RetryingCaller } from './retrying-caller.js';
import { ANY_UPLOAD, encodeHandle, uploadIdOf } from './staged-handle.js';

/** Metadata of the empty blob `discard` commits for an instant to drop uncommitted blocks. */
export const PLACEHOLDER_METADATA = 'sinkkitdiscard';

/** What `discard` did. */
export type DiscardOutcome = 'discarded' | 'nothing staged' | 'left to expire';

/**
 * Uncommitted blocks of a blob: how they are found and dropped.
 *
 * Azure has no call that deletes uncommitted blocks. They go when the blob's block list is next
 * committed (blocks not named are discarded), when the blob is deleted, or after 7 days. So
 * `discard` commits an **empty** block list with `If-None-Match: *` — which drops every
 * uncommitted block of the blob and cannot replace a committed blob — and deletes that empty
 * placeholder at once (only if its ETag is still ours).
 */
export class UncommittedBlocks {
  constructor(
    private readonly container: ContainerClient,
    private readonly caller: RetryingCaller,
    private readonly prefix: string,
  ) {}

  /**
   * Drops the uncommitted blocks of `uploadId` at `key` (`*`: every uncommitted block of the blob).
   *
   * Leaves them to expire, rather than drop them, when the blob also holds blocks another upload
   * staged (a zombie and its successor may stage the same key; dropping the successor's blocks
   * would lose its data), or when a committed blob exists at the key (it must not be replaced).
   */
  async discard(key: string, uploadId: string): Promise<DiscardOutcome> {
    const blob = this.container.getBlockBlobClient(this.prefix + key);
    const ids = await this.caller.run('abortStaged', key, async () => {
      try {
        const list = await blob.getBlockList('uncommitted');
        return (list.uncommittedBlocks ?? []).map((block) => block.name);
      } catch (error) {
        if (isBlobNotFound(error)) return [];
        throw error;
      }
    });
    const mine = uploadId === ANY_UPLOAD ? ids : ids.filter((id) => uploadIdOf(id) === uploadId);
    if (mine.length === 0) return 'nothing staged';
    if (mine.length < ids.length) return 'left to expire';

    const etag = await this.caller.run('abortStaged', key, async () => {
      try {
        const out = await blob.commitBlockList([], {
          conditions: { ifNoneMatch: '*' },
          metadata: { [PLACEHOLDER_METADATA]: 'true' },
        });
        return out.etag;
      } catch (error) {
        if (!isConditionConflict(error)) throw error;
        // A committed blob is there. It is a placeholder (ours, whose answer was lost, or another
        // aborter's) or a real object, which is left alone with the blocks staged after it.
        const props = await blob.getProperties().catch(() => undefined);
        return props?.metadata?.[PLACEHOLDER_METADATA] === 'true' ? props.etag : null;
      }
    });
    if (etag === null) return 'left to expire';
    await this.caller.run('abortStaged', key, async () => {
      try {
        await blob.delete({ conditions: etag ? { ifMatch: etag } : {} });
      } catch (error) {
        // Gone already, or replaced since (412): either way not ours to delete any more.
        if (!isBlobNotFound(error) && !isConditionConflict(error)) throw error;
      }
    });
    return 'discarded';
  }

  /**
   * Keys under `prefix` that have uncommitted blocks and no committed blob: the blobs listed with
   * `include=uncommittedblobs` minus those listed without it (listed in that order, so a blob
   * committed in between is not reported). Handles are abort-only (`uploadId: '*'`), sizes -1.
   */
  async list(prefix: string): Promise<StagedUpload[]> {
    const all = await this.#names(prefix, true);
    const committed = new Set(await this.#names(prefix, false));
    return all
      .filter((name) => !committed.has(name))
      .map((name) => ({
        key: name.slice(this.prefix.length),
        handle: encodeHandle({ uploadId: ANY_UPLOAD, blockIds: [] }),
        size: -1,
      }));
  }

  #names(prefix: string, includeUncommitedBlobs: boolean): Promise<string[]> {
    return this.caller.run('listStaged', prefix, async () => {
      const names: string[] = [];
      const pages = this.container.listBlobsFlat({ prefix: this.prefix + prefix, includeUncommitedBlobs });
      for await (const item of pages) names.push(item.name);
      return names;
    });
  }
}
