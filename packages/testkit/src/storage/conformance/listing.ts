import assert from 'node:assert/strict';
import { bytes, byUtf8, listAll, listKeys } from '../conformance-helpers.js';
import type { ConformanceContext } from '../conformance-types.js';

/** list: prefixes, paging and order. */
export function listingTests({ it, storage, freshPrefix }: ConformanceContext): void {
  it('list returns every object under a prefix, nested or not, with sizes, and nothing else', async () => {
    const prefix = freshPrefix();
    const sizes: Record<string, number> = { 'a/1': 1, 'a/b/2': 2, 'a/b/c/3': 3, 'ab/4': 4, abc: 5, 'b/6': 6 };
    for (const [name, size] of Object.entries(sizes)) await storage().putIfAbsent(`${prefix}${name}`, bytes(size));

    const all = (await listAll(storage(), prefix)).objects;
    assert.deepEqual(
      all.map((object) => [object.key.slice(prefix.length), object.size]),
      Object.entries(sizes).sort(([a], [b]) => byUtf8(a, b)),
    );
    const strip = (keys: string[]) => keys.map((key) => key.slice(prefix.length));
    assert.deepEqual(strip(await listKeys(storage(), `${prefix}a/`)), ['a/1', 'a/b/2', 'a/b/c/3']);
    assert.deepEqual(strip(await listKeys(storage(), `${prefix}a/b`)), ['a/b/2', 'a/b/c/3']);
    assert.deepEqual(strip(await listKeys(storage(), `${prefix}a`)), ['a/1', 'a/b/2', 'a/b/c/3', 'ab/4', 'abc']);
    assert.deepEqual(strip(await listKeys(storage(), `${prefix}ab`)), ['ab/4', 'abc']);
    assert.deepEqual(strip(await listKeys(storage(), `${prefix}abc`)), ['abc']);
    assert.deepEqual(await listKeys(storage(), `${prefix}c`), []);
  });

  it('list of a prefix without objects is one empty page without a token', async () => {
    const page = await storage().list(`${freshPrefix()}nothing/`);
    assert.deepEqual(page.objects, []);
    assert.equal(page.nextPageToken, undefined);
  });

  it('list pages: 25 keys with pageSize 10 come as 10, 10 and 5, sorted, each once', async () => {
    const prefix = freshPrefix();
    const names = Array.from(
      { length: 25 },
      (_, i) => `${prefix}${i % 2 ? 'odd' : 'even'}/${String(i).padStart(4, '0')}`,
    );
    await Promise.all(names.map((key) => storage().putIfAbsent(key, bytes(7))));
    const { objects, pages } = await listAll(storage(), prefix, 10);
    assert.deepEqual(pages, [10, 10, 5]);
    assert.deepEqual(
      objects.map((object) => object.key),
      [...names].sort(byUtf8),
    );
  });

  it('list orders keys by their UTF-8 bytes', async () => {
    const prefix = freshPrefix();
    // '😀' (U+1F600) sorts after 'ｚ' (U+FF5A) in UTF-8 but before it in UTF-16 (JavaScript's `<`).
    const names = ['B', 'a', 'a b', 'a+b', 'a=b', 'aa', 'é', '€', 'ｚ', '😀', 'Z/1', '0'];
    for (const name of names) await storage().putIfAbsent(`${prefix}${name}`, bytes(1));
    const listed = (await listKeys(storage(), prefix)).map((key) => key.slice(prefix.length));
    assert.deepEqual(listed, [...names].sort(byUtf8));
  });
}
