import assert from 'node:assert/strict';
import { type StagedUpload, StorageErrorCode } from '@sinkkit/core';
import { assertInvisible, assertSameBytes, assertStorageError, bytes, stage } from '../conformance-helpers.js';
import type { ConformanceContext } from '../conformance-types.js';

/**
 * What recovery after a crash relies on: a `StagedUpload` read back from a WAL entry works in a new
 * Storage instance, and staged uploads nobody finalized can be found and aborted.
 */
export function crossProcessTests({ it, storage, another, freshPrefix }: ConformanceContext): void {
  const revive = (upload: StagedUpload): StagedUpload => JSON.parse(JSON.stringify(upload));

  it('a StagedUpload serialized as JSON is finalized by another Storage instance', async () => {
    const prefix = freshPrefix();
    const data = bytes(70_000);
    const upload = await stage(storage(), `${prefix}handed-over.bin`, data, [12_345, 40_000]);
    const other = await another();
    await assertInvisible(other, upload.key, prefix);
    await other.finalize(revive(upload));
    assertSameBytes(await other.get(upload.key), data, 'read by the other instance');
    assertSameBytes(await storage().get(upload.key), data, 'read by the first instance');
    await other.finalize(revive(upload));
    await storage().finalize(upload);
  });

  it('a StagedUpload serialized as JSON is aborted by another Storage instance; finalizing it then fails', async () => {
    const prefix = freshPrefix();
    const upload = await stage(storage(), `${prefix}dropped.bin`, bytes(5000), [1]);
    const other = await another();
    await other.abortStaged(revive(upload));
    await other.abortStaged(revive(upload));
    await assertInvisible(storage(), upload.key, prefix);
    await assertStorageError(storage().finalize(upload), StorageErrorCode.STAGED_UPLOAD_LOST, false);
  });

  it('listStaged finds staged uploads left unfinalized, by prefix, and those found can be aborted (where supported)', async () => {
    const prefix = freshPrefix();
    const orphans = [
      await stage(storage(), `${prefix}tp-0/orphan-1`, bytes(1000)),
      await stage(storage(), `${prefix}tp-0/sub/orphan-2`, bytes(1)),
    ];
    const elsewhere = await stage(storage(), `${prefix}tp-1/other`, bytes(10));
    const finalized = await stage(storage(), `${prefix}tp-0/finalized`, bytes(10));
    await storage().finalize(finalized);
    const aborted = await stage(storage(), `${prefix}tp-0/aborted`, bytes(10));
    await storage().abortStaged(aborted);

    const other = await another();
    const found = await other.listStaged(`${prefix}tp-0/`);
    if (!storage().capabilities.listStaged) {
      assert.deepEqual(found, [], 'without the listStaged capability, listStaged resolves []');
      for (const upload of [...orphans, elsewhere]) await storage().abortStaged(upload);
      return;
    }
    assert.deepEqual(found.map((upload) => upload.key).sort(), orphans.map((upload) => upload.key).sort());
    for (const upload of found) {
      const orphan = orphans.find((o) => o.key === upload.key);
      assert.ok(upload.size === -1 || upload.size === orphan?.size, `size of ${upload.key}: ${upload.size}`);
      assert.equal(typeof upload.handle, 'string');
    }
    assert.deepEqual(
      (await other.listStaged(`${prefix}tp-`)).map((upload) => upload.key).sort(),
      [...orphans, elsewhere].map((upload) => upload.key).sort(),
    );

    for (const upload of found) await other.abortStaged(revive(upload));
    assert.deepEqual(await other.listStaged(`${prefix}tp-0/`), []);
    assert.deepEqual(await storage().listStaged(`${prefix}tp-0/`), []);
    for (const orphan of orphans) {
      await assertInvisible(storage(), orphan.key, prefix);
      await assertStorageError(storage().finalize(orphan), StorageErrorCode.STAGED_UPLOAD_LOST, false);
    }
    await storage().abortStaged(elsewhere);
    assert.deepEqual(await other.listStaged(prefix), []);
  });
}
