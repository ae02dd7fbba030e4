import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The README's example is what users copy first: run as written (workspace packages) and its
// output compared with what the README promises.
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const block = (lang: string) => {
  const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README has no ${lang} block`);
  return match[1];
};
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README example', () => {
  it('runs and prints what the README says', async () => {
    const source = block('ts').replace(
      /from '(@sinkkit\/[a-z-]+)'/g,
      (_m, name: string) => `from '${import.meta.resolve(name)}'`,
    );
    const file = join(dir, 'example.ts');
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
