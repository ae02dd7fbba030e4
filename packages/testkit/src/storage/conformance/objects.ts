import assert from 'node:assert/strict';
import { assertSameBytes, bytes, listKeys } from '../conformance-helpers.js';
import type { ConformanceContext } from '../conformance-types.js';

/** putIfAbsent, get, head and delete. */
export function objectTests({ it, storage, freshPrefix, conditionalCreateEnforced }: ConformanceContext): void {
  it('putIfAbsent creates a missing key; get returns the same bytes and head its size', async () => {
    const key = `${freshPrefix()}wal/00000001.json`;
    const body = bytes(1234);
    assert.equal(await storage().putIfAbsent(key, body), 'created');
    assertSameBytes(await storage().get(key), body, `get ${key}`);
    const info = await storage().head(key);
    assert.equal(info?.key, key);
    assert.equal(info?.size, 1234);
    if (info?.lastModified !== undefined) assert.ok(info.lastModified instanceof Date);
  });

  it('putIfAbsent of an existing key answers exists and never overwrites (where enforced)', async () => {
    const key = `${freshPrefix()}taken`;
    const first = bytes(100);
    assert.equal(await storage().putIfAbsent(key, first), 'created');
    const second = await storage().putIfAbsent(key, bytes(200));
    if (!conditionalCreateEnforced()) {
      assert.ok(second === 'created' || second === 'exists');
      return;
    }
    assert.equal(second, 'exists');
    assertSameBytes(await storage().get(key), first, 'the first body stays');
  });

  it('10 concurrent putIfAbsent of one key: exactly one is created and its body is stored (where enforced)', async () => {
    const key = `${freshPrefix()}race`;
    const bodies = Array.from({ length: 10 }, (_, i) => bytes(1000 + i));
    const answers = await Promise.all(bodies.map((body) => storage().putIfAbsent(key, body)));
    const stored = await storage().get(key);
    if (!conditionalCreateEnforced()) {
      assert.ok(answers.includes('created'));
      assert.ok(bodies.some((body) => body.byteLength === stored?.byteLength));
      return;
    }
    assert.equal(answers.filter((answer) => answer === 'created').length, 1, `answers were ${answers.join(', ')}`);
    const winner = answers.indexOf('created');
    assertSameBytes(stored, bodies[winner] as Uint8Array, 'the winner body');
  });

  it('putIfAbsent stores a 0-byte object', async () => {
    const key = `${freshPrefix()}empty`;
    assert.equal(await storage().putIfAbsent(key, new Uint8Array(0)), 'created');
    assertSameBytes(await storage().get(key), new Uint8Array(0), 'empty object');
    assert.equal((await storage().head(key))?.size, 0);
    if (conditionalCreateEnforced()) assert.equal(await storage().putIfAbsent(key, bytes(1)), 'exists');
  });

  it('get and head of missing keys resolve undefined, including prefixes and extensions of existing keys', async () => {
    const prefix = freshPrefix();
    await storage().putIfAbsent(`${prefix}a/b`, bytes(3));
    for (const key of [`${prefix}missing`, `${prefix}a`, `${prefix}a/b/c`, `${prefix}a/bb`, `${prefix}nothing/here`]) {
      assert.equal(await storage().get(key), undefined, `get ${key}`);
      assert.equal(await storage().head(key), undefined, `head ${key}`);
    }
  });

  it('delete removes an object, is idempotent, and the key can be created again', async () => {
    const prefix = freshPrefix();
    const key = `${prefix}gone`;
    await storage().putIfAbsent(key, bytes(10));
    await storage().delete(key);
    assert.equal(await storage().get(key), undefined);
    assert.equal(await storage().head(key), undefined);
    assert.deepEqual(await listKeys(storage(), prefix), []);
    await storage().delete(key);
    await storage().delete(`${prefix}never-existed`);
    const again = bytes(20);
    assert.equal(await storage().putIfAbsent(key, again), 'created');
    assertSameBytes(await storage().get(key), again, 'recreated');
  });

  it('keys with unicode, spaces, =, + and other punctuation survive put, get, head, list and delete', async () => {
    const prefix = freshPrefix();
    const names = [
      'topic=orders/partition=3/orders+3+0000000042.json',
      'with space/and  two spaces.txt',
      'ünïcödé/日本語/ключ.bin',
      "emoji 😀/€ & % # ; , @ ! ( ) ~ ' $ .txt",
      'plus+plus/eq==eq/a+b=c',
    ];
    const bodies = names.map((_, i) => bytes(10 + i));
    for (const [i, name] of names.entries()) {
      assert.equal(await storage().putIfAbsent(`${prefix}${name}`, bodies[i] as Uint8Array), 'created', name);
    }
    for (const [i, name] of names.entries()) {
      assertSameBytes(await storage().get(`${prefix}${name}`), bodies[i] as Uint8Array, name);
      assert.equal((await storage().head(`${prefix}${name}`))?.size, 10 + i, name);
    }
    const listed = await listKeys(storage(), prefix);
    assert.deepEqual(new Set(listed), new Set(names.map((name) => `${prefix}${name}`)));
    for (const name of names) await storage().delete(`${prefix}${name}`);
    assert.deepEqual(await listKeys(storage(), prefix), []);
  });
}
