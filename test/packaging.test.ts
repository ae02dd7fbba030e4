import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Packages are publishable as they are: pack each public package, install the tarballs into an
// empty project as a user would, and run the first ```ts or ```js example of each package's README
// there (TypeScript examples are transpiled first, as a user's build would).
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), json: readJson(join(root, 'packages', dir, 'package.json')) }))
  .filter(({ json }) => json && !json.private);

describe('packed packages', () => {
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'sinkkit-user-project-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'user-project', private: true, type: 'module' }),
    );
    const tarballs: string[] = [];
    for (const { dir } of packages) {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: dir });
      tarballs.push(join(project, JSON.parse(stdout)[0].filename));
    }
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs], { cwd: project });
  }, 300_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it.each(packages.map(({ json, dir }) => [json.name as string, dir]))(
    '%s installs from its tarball and its README example runs',
    async (name, dir) => {
      const installed = join(project, 'node_modules', name);
      expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true);
      expect(existsSync(join(installed, 'dist', 'index.d.ts'))).toBe(true);
      expect(existsSync(join(installed, 'src'))).toBe(false);

      // The example, and the output it promises when the next code block is ```text ("It prints:").
      const [, lang, code, printed] =
        readFileSync(join(dir, 'README.md'), 'utf8').match(
          /```(ts|js)\n([\s\S]*?)```(?:[^`]*?```text\n([\s\S]*?)```)?/,
        ) ?? [];
      expect(code, `${name}'s README needs a runnable \`\`\`ts or \`\`\`js example`).toBeTruthy();
      const file = join(project, `example-${name.replace(/\W/g, '-')}.mjs`);
      writeFileSync(file, lang === 'ts' ? transpile(code ?? '') : (code ?? ''));
      const { stdout } = await run(process.execPath, [file], {
        cwd: project,
        timeout: 90_000,
        // The object-store servers come from this repository's tools/servers (a user installs them in their project).
        env: { ...process.env, SINKKIT_SERVERS_DIR: join(root, 'tools', 'servers') },
      });
      if (printed === undefined) expect(stdout.length).toBeGreaterThan(0);
      else expect(stdout.trimEnd()).toBe(printed.trimEnd());
    },
    120_000,
  );

  // A CommonJS user (Node ≥ 20.19 loads these ES modules through require) and an ESM user get the same exports.
  it.each(packages.map(({ json }) => [json.name as string]))(
    '%s loads with require() and with import',
    async (name) => {
      const exportsOf = async (args: string[]) => {
        const { stdout } = await run(process.execPath, args, { cwd: project, timeout: 30_000 });
        return JSON.parse(stdout) as string[];
      };
      const required = await exportsOf([
        '-e',
        `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(name)})).sort()))`,
      ]);
      const imported = await exportsOf([
        '--input-type=module',
        '-e',
        `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(name)})).filter((k) => k !== 'default' && k !== 'module.exports').sort()))`,
      ]);
      expect(required.length).toBeGreaterThan(0);
      expect(required.filter((k) => k !== '__esModule' && k !== 'module.exports')).toEqual(imported);
    },
  );
});

function transpile(code: string): string {
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  return ts.transpileModule(code, { compilerOptions: options }).outputText;
}

function readJson(path: string): { name?: string; private?: boolean } | undefined {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}
