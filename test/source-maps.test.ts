import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Traces of a packed package resolve to real lines: every emitted source map embeds the TypeScript
// it maps to (`inlineSources` in tsconfig.base.json), since the tarballs ship `dist` but not `src`.
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).filter((dir) => existsSync(join(root, 'packages', dir, 'dist')));

function mapsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js.map'))
    .map((e) => join(e.parentPath, e.name));
}

describe('source maps', () => {
  it.each(packages)('%s: every .js.map embeds the source it maps to', (name) => {
    const maps = mapsUnder(join(root, 'packages', name, 'dist'));
    expect(maps.length).toBeGreaterThan(0);
    for (const path of maps) {
      const map = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      expect(map.sourcesContent, path).toHaveLength(map.sources.length);
      const source = resolve(join(path, '..'), map.sources[0] ?? '');
      if (existsSync(source)) expect(map.sourcesContent?.[0], path).toBe(readFileSync(source, 'utf8'));
    }
  });

  it('node --enable-source-maps prints TypeScript file and line, and the embedded source has that line', async () => {
    const script = [
      "import { ConfigDef } from '@sinkkit/core';",
      "try { new ConfigDef().define('', { type: 'string', doc: '' }); } catch (e) { console.log(e.stack); }",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      cwd: join(root, 'packages', 'core'),
    });
    const frame = stdout.match(/src\/config\/config-def\.ts:(\d+):\d+/);
    expect(frame, stdout).not.toBeNull();
    const map = JSON.parse(readFileSync(join(root, 'packages/core/dist/config/config-def.js.map'), 'utf8'));
    const line = (map.sourcesContent[0] as string).split('\n')[Number(frame?.[1]) - 1];
    expect(line).toContain("throw new ConfigError({ key: '(empty)'");
  });
});
