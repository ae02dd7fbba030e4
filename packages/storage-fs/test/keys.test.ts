import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStorage } from '../src/index.js';
import { keyProblem } from '../src/keys.js';

const escapes = [
  '..',
  '../outside',
  'a/../../outside',
  'a/./b',
  '.',
  '/etc/passwd',
  '//server/share',
  'a\\..\\..\\outside',
  'nul\0byte',
  'a//b',
  'trailing/',
  '',
  '.sinkkit-staging/uploads/x',
  '.sinkkit-staging',
  `topics/${'x'.repeat(256)}`,
  `topics/${'é'.repeat(128)}/file`,
];

describe('keys that would leave the root', () => {
  let parent: string;
  let storage: FsStorage;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'sinkkit-fs-keys-'));
    await mkdir(join(parent, 'root'));
    storage = new FsStorage({ root: join(parent, 'root') });
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it.each(escapes.map((key) => [JSON.stringify(key), key]))('%s is refused by every operation', async (_, key) => {
    const invalid = { code: 'STORAGE_INVALID_REQUEST', retriable: false };
    const upload = { key, handle: 'AAAAAAAAAAAAAAAAAAAAAA', size: 1 };
    await expect(storage.putIfAbsent(key, new Uint8Array(1))).rejects.toMatchObject(invalid);
    await expect(storage.get(key)).rejects.toMatchObject(invalid);
    await expect(storage.head(key)).rejects.toMatchObject(invalid);
    await expect(storage.delete(key)).rejects.toMatchObject(invalid);
    await expect(storage.openStaged(key)).rejects.toMatchObject(invalid);
    await expect(storage.finalize(upload)).rejects.toMatchObject(invalid);
    await expect(storage.abortStaged(upload)).rejects.toMatchObject(invalid);
    expect(await readdir(parent)).toEqual(['root']);
  });

  it('a forged staging handle is refused instead of naming a path', async () => {
    for (const handle of ['../../../outside', '', 'short', 'a/b/cccccccccccccccccccc', '.'.repeat(20)]) {
      const upload = { key: 'fine/key', handle, size: 0 };
      await expect(storage.finalize(upload)).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
      await expect(storage.abortStaged(upload)).rejects.toMatchObject({ code: 'STORAGE_INVALID_REQUEST' });
    }
  });

  it('list and listStaged of prefixes outside the root find nothing', async () => {
    await mkdir(join(parent, 'sibling'));
    await storage.putIfAbsent('inside', new Uint8Array(1));
    for (const prefix of ['../', '../sibling', '/', '/etc/', 'a//']) {
      expect((await storage.list(prefix)).objects).toEqual([]);
      expect(await storage.listStaged(prefix)).toEqual([]);
    }
  });

  it('says why a key is invalid', () => {
    expect(keyProblem('a/../b')).toBe('it has a . or .. segment');
    expect(keyProblem('/a')).toBe('it is absolute');
    expect(keyProblem('topics/orders/partition=0/orders+0+0000000000.json')).toBeUndefined();
    expect(keyProblem('.sinkkit-staging-not/x')).toBeUndefined();
    // 255 bytes per segment is the limit (é is 2 bytes in UTF-8); a key may be longer than that.
    expect(keyProblem(`${'a'.repeat(255)}/${'b'.repeat(255)}`)).toBeUndefined();
    expect(keyProblem(`a/${'é'.repeat(128)}`)).toBe(
      'a segment is longer than 255 bytes, the longest file or folder name filesystems take',
    );
  });
});

describe('FsStorage options', () => {
  it('refuses a missing or empty root with a ConfigError naming the option', () => {
    expect(() => new FsStorage({ root: '' })).toThrow(/root/);
    expect(() => new FsStorage({} as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('resolves a relative root to an absolute path', () => {
    expect(new FsStorage({ root: 'data' }).root).toBe(join(process.cwd(), 'data'));
  });
});
