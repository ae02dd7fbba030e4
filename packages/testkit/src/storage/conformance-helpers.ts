import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { ObjectInfo, StagedUpload, Storage } from '@sinkkit/core';

/** Asserts two byte arrays are equal without printing megabytes when they are not. */
export function assertSameBytes(actual: Uint8Array | undefined, expected: Uint8Array, what: string): void {
  assert.ok(actual !== undefined, `${what}: expected ${expected.byteLength} bytes, got undefined`);
  assert.ok(actual instanceof Uint8Array, `${what}: expected a Uint8Array`);
  if (Buffer.compare(toBuffer(actual), toBuffer(expected)) === 0) return;
  const n = Math.min(actual.byteLength, expected.byteLength);
  let at = 0;
  while (at < n && actual[at] === expected[at]) at++;
  assert.fail(`${what}: ${actual.byteLength} bytes differ from the expected ${expected.byteLength} at byte ${at}`);
}

/** Asserts that `promise` rejects with a storage error of `code` (duck-typed: the adapter may bundle another copy of core). */
export async function assertStorageError(promise: Promise<unknown>, code: string, retriable: boolean): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const { code: actual, retriable: flag } = (error ?? {}) as { code?: unknown; retriable?: unknown };
    assert.equal(actual, code, `expected error code ${code}, got ${String(actual)}: ${String(error)}`);
    assert.equal(flag, retriable, `expected retriable=${retriable} for ${code}`);
    return true;
  });
}

/** Every object under `prefix`, following page tokens, with the pages' sizes. */
export async function listAll(
  storage: Storage,
  prefix: string,
  pageSize?: number,
): Promise<{ objects: ObjectInfo[]; pages: number[] }> {
  const objects: ObjectInfo[] = [];
  const pages: number[] = [];
  let pageToken: string | undefined;
  do {
    const page = await storage.list(prefix, { pageToken, pageSize });
    objects.push(...page.objects);
    pages.push(page.objects.length);
    pageToken = page.nextPageToken;
    assert.ok(pages.length <= 10_000, 'list never stops returning page tokens');
  } while (pageToken !== undefined);
  return { objects, pages };
}

/** The keys under `prefix`. */
export async function listKeys(storage: Storage, prefix: string): Promise<string[]> {
  return (await listAll(storage, prefix)).objects.map((object) => object.key);
}

/** Lexicographic order of UTF-8 bytes, as the contract orders listings (differs from JS `<` past U+FFFF). */
export function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Random bytes (incompressible, so stores cannot shortcut them). */
export function bytes(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** Writes `data` through a staged writer, first in the given chunk sizes, then the rest in one chunk, and closes it. */
export async function stage(
  storage: Storage,
  key: string,
  data: Uint8Array,
  chunks: number[] = [],
): Promise<StagedUpload> {
  const writer = await storage.openStaged(key);
  assert.equal(writer.key, key);
  let offset = 0;
  const write = async (chunk: Uint8Array) => {
    await writer.write(chunk);
    offset += chunk.byteLength;
    assert.equal(writer.bytesWritten, offset, 'bytesWritten counts every accepted byte');
  };
  for (const size of chunks) await write(data.subarray(offset, offset + size));
  if (offset < data.byteLength) await write(data.subarray(offset));
  const upload = await writer.close();
  assert.equal(upload.key, key);
  assert.equal(upload.size, data.byteLength);
  assert.equal(typeof upload.handle, 'string');
  return upload;
}

/** Asserts nothing is visible at `key`: get, head and a listing of its prefix. */
export async function assertInvisible(storage: Storage, key: string, prefix: string): Promise<void> {
  assert.equal(await storage.get(key), undefined, `get ${key} must be undefined`);
  assert.equal(await storage.head(key), undefined, `head ${key} must be undefined`);
  assert.ok(!(await listKeys(storage, prefix)).includes(key), `list ${prefix} must not show ${key}`);
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
