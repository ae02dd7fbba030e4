import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, UsageError } from '../../src/index.js';

const folder = mkdtempSync(join(tmpdir(), 'sinkkit-open-storage-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('openStorage with a file: URL', () => {
  it.each([`file://${folder}`, `file://localhost${folder}`])('opens %s', async (url) => {
    const opened = await openStorage(url);
    expect(opened.url).toBe(url);
    opened.close();
  });

  it.each(['file://out', 'file:out', 'file:/out'])(
    'refuses %s with a usage error naming the URL and the reason',
    async (url) => {
      const error = await openStorage(url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe(
        `Store URL ${url} is not supported: a file URL must be file:///absolute/folder or file://localhost/absolute/folder`,
      );
    },
  );
});
