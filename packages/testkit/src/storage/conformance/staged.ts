import assert from 'node:assert/strict';
import { StorageErrorCode } from '@sinkkit/core';
import {
  assertInvisible,
  assertSameBytes,
  assertStorageError,
  bytes,
  listAll,
  listKeys,
  stage,
} from '../conformance-helpers.js';
import type { ConformanceContext } from '../conformance-types.js';

const MiB = 1024 * 1024;

/** Staged uploads: invisible until finalized, then atomic and complete; finalize and abort idempotent. */
export function stagedTests({
  it,
  storage,
  freshPrefix,
  largeUploadBytes,
  conditionalCreateEnforced,
}: ConformanceContext): void {
  it(`a staged upload of ${(largeUploadBytes / MiB).toFixed(1)} MiB in uneven chunks is invisible until finalized, then byte-identical`, async () => {
    const prefix = freshPrefix();
    const key = `${prefix}topics/orders/partition=0/orders+0+0000000000.bin`;
    const data = bytes(largeUploadBytes);
    const writer = await storage().openStaged(key);
    assert.equal(writer.key, key);
    assert.equal(writer.bytesWritten, 0);
    // Uneven sizes straddle any part size an adapter buffers to (S3 parts are at least 5 MiB).
    const chunks = [1, 5 * MiB - 2, 3 * MiB + 17, 0, 64 * 1024, 4 * MiB - 12_345];
    let offset = 0;
    for (const size of chunks) {
      const chunk = data.subarray(offset, Math.min(offset + size, data.byteLength));
      await writer.write(chunk);
      offset += chunk.byteLength;
      assert.equal(writer.bytesWritten, offset);
      if (size === 0) await assertInvisible(storage(), key, prefix);
    }
    await writer.write(data.subarray(offset));
    assert.equal(writer.bytesWritten, data.byteLength);
    await assertInvisible(storage(), key, prefix);

    const upload = await writer.close();
    assert.deepEqual({ key: upload.key, size: upload.size }, { key, size: data.byteLength });
    await assertInvisible(storage(), key, prefix);

    await storage().finalize(upload);
    assertSameBytes(await storage().get(key), data, 'finalized object');
    assert.equal((await storage().head(key))?.size, data.byteLength);
    assert.deepEqual(
      (await listAll(storage(), prefix)).objects.map((o) => [o.key, o.size]),
      [[key, data.byteLength]],
    );
  });

  it('finalize is idempotent: finalizing twice leaves the same object', async () => {
    const prefix = freshPrefix();
    const key = `${prefix}twice.bin`;
    const data = bytes(4096);
    const upload = await stage(storage(), key, data, [1000, 1000]);
    await storage().finalize(upload);
    await storage().finalize(upload);
    await storage().finalize(JSON.parse(JSON.stringify(upload)));
    assertSameBytes(await storage().get(key), data, 'finalized twice');
    assert.deepEqual(await listKeys(storage(), prefix), [key]);
  });

  it('a staged upload without bytes finalizes to an empty object (no writes, or one empty write)', async () => {
    const prefix = freshPrefix();
    const none = await stage(storage(), `${prefix}no-writes`, new Uint8Array(0));
    const zero = await stage(storage(), `${prefix}empty-write`, new Uint8Array(0), [0]);
    for (const upload of [none, zero]) {
      await assertInvisible(storage(), upload.key, prefix);
      await storage().finalize(upload);
      assertSameBytes(await storage().get(upload.key), new Uint8Array(0), upload.key);
      assert.equal((await storage().head(upload.key))?.size, 0);
      await storage().finalize(upload);
    }
  });

  it('finalize never replaces a different object already at the key (where create-only is enforced)', async () => {
    if (!conditionalCreateEnforced()) return;
    const prefix = freshPrefix();
    const key = `${prefix}taken.bin`;
    const existing = bytes(700);
    assert.equal(await storage().putIfAbsent(key, existing), 'created');
    const upload = await stage(storage(), key, bytes(1500), [600]);
    await assertStorageError(storage().finalize(upload), StorageErrorCode.INVALID_REQUEST, false);
    assertSameBytes(await storage().get(key), existing, 'the object that was there first');
    await storage().abortStaged(upload);
    assertSameBytes(await storage().get(key), existing, 'still there after the abort');
  });

  it('abortStaged before finalize leaves nothing visible, is idempotent, and finalize then fails as STAGED_UPLOAD_LOST', async () => {
    const prefix = freshPrefix();
    const key = `${prefix}aborted.bin`;
    const upload = await stage(storage(), key, bytes(10_000), [3000]);
    await storage().abortStaged(upload);
    await assertInvisible(storage(), key, prefix);
    await storage().abortStaged(upload);
    await assertStorageError(storage().finalize(upload), StorageErrorCode.STAGED_UPLOAD_LOST, false);
    await assertInvisible(storage(), key, prefix);
  });

  it('abortStaged after finalize succeeds and keeps the object', async () => {
    const prefix = freshPrefix();
    const data = bytes(500);
    const upload = await stage(storage(), `${prefix}kept`, data);
    await storage().finalize(upload);
    await storage().abortStaged(upload);
    assertSameBytes(await storage().get(upload.key), data, 'still there');
  });

  it('StagedWriter.abort discards what was written, is idempotent, and the writer accepts nothing more', async () => {
    const prefix = freshPrefix();
    const key = `${prefix}writer-aborted`;
    const writer = await storage().openStaged(key);
    await writer.write(bytes(2048));
    await writer.abort();
    await writer.abort();
    await assertInvisible(storage(), key, prefix);
    await assert.rejects(writer.write(bytes(1)));
    assert.deepEqual(
      (await storage().listStaged(prefix)).map((upload) => upload.key),
      [],
      'an aborted writer leaves no staged upload',
    );
  });

  it('a closed StagedWriter accepts no more writes', async () => {
    const prefix = freshPrefix();
    const writer = await storage().openStaged(`${prefix}closed`);
    await writer.write(bytes(10));
    const upload = await writer.close();
    await assert.rejects(writer.write(bytes(1)));
    await storage().abortStaged(upload);
  });

  it('staged uploads to different keys are independent: finalizing one leaves the other invisible', async () => {
    const prefix = freshPrefix();
    const one = bytes(300);
    const [first, second] = await Promise.all([
      stage(storage(), `${prefix}one`, one, [100]),
      stage(storage(), `${prefix}two`, bytes(400), [100]),
    ]);
    await storage().finalize(first);
    assertSameBytes(await storage().get(`${prefix}one`), one, 'one');
    await assertInvisible(storage(), `${prefix}two`, prefix);
    await storage().abortStaged(second);
  });
}
