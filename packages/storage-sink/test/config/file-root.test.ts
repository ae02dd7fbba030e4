import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsStorage } from '@sinkkit/storage-fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorageFromUrl } from '../../src/index.js';
import { configError } from '../support/config-error.js';

const folder = mkdtempSync(join(tmpdir(), 'sink-file-root-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('store.url with the file: scheme', () => {
  it.each([`file://${folder}`, `file://localhost${folder}`, `FILE://LOCALHOST${folder}`])('opens %s', async (url) => {
    const opened = await openStorageFromUrl(url);
    expect(opened.storage).toBeInstanceOf(FsStorage);
    opened.close();
  });

  it('refuses file://out, whose host would be dropped so files went to /', async () => {
    const error = await configError(openStorageFromUrl('file://out'));
    expect(error.problems).toEqual([
      {
        key: 'store.url',
        value: 'file://out',
        reason:
          'a file URL must be file:///absolute/folder or file://localhost/absolute/folder (it names host out, which would be dropped)',
      },
    ]);
    expect(error.message).toContain('Invalid value file://out for configuration store.url');
  });

  it.each(['file:out', 'file:/out', `file://server${folder}`])(
    'refuses %s naming key, value and reason',
    async (url) => {
      const error = await configError(openStorageFromUrl(url));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ key: 'store.url', value: url });
      expect(error.problems[0]?.reason).toMatch(
        /^a file URL must be file:\/\/\/absolute\/folder or file:\/\/localhost\//,
      );
    },
  );
});
