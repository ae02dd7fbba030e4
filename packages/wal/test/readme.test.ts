import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The README's example is what users copy first, so it is run here as written (the packages
// imported from this repository) and its output compared with what the README promises.
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const block = (lang: string) => {
  const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README has no ${lang} block`);
  return match[1];
};
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-wal-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README example', () => {
  it('runs and prints what the README says', async () => {
    const wal = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;
    const source = block('ts')
      .replace("from '@sinkkit/wal'", `from '${wal}'`)
      .replace("from '@sinkkit/core'", `from '${import.meta.resolve('@sinkkit/core')}'`)
      .replace("from '@sinkkit/storage-fs'", `from '${import.meta.resolve('@sinkkit/storage-fs')}'`);
    const file = join(dir, 'wal-example.ts');
    writeFileSync(file, source);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
    }
    expect(lines.join('\n')).toBe(block('text').trimEnd());
  });
});
