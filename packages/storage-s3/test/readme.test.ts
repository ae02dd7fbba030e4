import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The README's first example is what users copy: run it as written, with the package import
// pointed at the sources, against the local s3rver it starts when S3_BUCKET is not set.
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const file = fileURLToPath(new URL('./.readme-example.ts', import.meta.url));
afterAll(() => rmSync(file, { force: true }));

describe('README example', () => {
  it('stages, logs and finalizes a file', async () => {
    const source = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;
    writeFileSync(file, example.replace("from '@sinkkit/storage-s3'", `from '${source}'`));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    vi.stubEnv('S3_BUCKET', undefined);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(lines).toEqual(['staged 18 bytes, visible: false', 'log entry: created', 'final: 18 bytes']);
  });
});
