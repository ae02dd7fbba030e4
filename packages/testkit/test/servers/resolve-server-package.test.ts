import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  resolveServerPackage,
  runningProcesses,
  SERVER_PACKAGES,
  SERVERS_DIR_ENV,
  startAzureServer,
  startGcsServer,
  startS3Server,
  TestkitError,
} from '../../src/index.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sinkkit-resolve-'));
const emptyServersDir = join(scratch, 'empty-servers');
const emptyProject = join(scratch, 'empty-project');
mkdirSync(emptyServersDir);
mkdirSync(emptyProject);
const nowhere = { cwd: emptyProject, env: { [SERVERS_DIR_ENV]: emptyServersDir } };

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('resolveServerPackage', () => {
  it('pins the versions tools/servers installs', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'tools/servers/package.json'), 'utf8'));
    const pinned = Object.fromEntries(Object.values(SERVER_PACKAGES).map(({ name, version }) => [name, version]));
    expect(manifest.dependencies).toEqual(pinned);
  });

  it('prefers the folder named by SINKKIT_SERVERS_DIR', () => {
    const found = resolveServerPackage('s3rver', {
      cwd: emptyProject,
      env: { [SERVERS_DIR_ENV]: join(repoRoot, 'tools/servers') },
    });
    expect(found.dir).toBe(join(repoRoot, 'tools/servers/node_modules/s3rver'));
    expect(found.version).toBe(SERVER_PACKAGES.s3rver.version);
  });

  it('finds tools/servers in a folder above the working directory', () => {
    const found = resolveServerPackage('azurite', { cwd: join(repoRoot, 'packages/testkit/src'), env: {} });
    expect(found.dir).toBe(join(repoRoot, 'tools/servers/node_modules/azurite'));
    expect(found.version).toBe(SERVER_PACKAGES.azurite.version);
  });

  it("falls back to ordinary resolution from the user's project", () => {
    const project = join(scratch, 'user-project');
    mkdirSync(join(project, 'node_modules/s3rver'), { recursive: true });
    mkdirSync(join(project, 'test'));
    writeFileSync(join(project, 'node_modules/s3rver/package.json'), '{"name":"s3rver","version":"3.7.1"}');
    const found = resolveServerPackage('s3rver', { cwd: join(project, 'test'), env: nowhere.env });
    expect(found.dir).toBe(join(project, 'node_modules/s3rver'));
  });

  it('explains how to install a missing package', () => {
    let error: unknown;
    try {
      resolveServerPackage('firebase-tools', nowhere);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TestkitError);
    const { message } = error as TestkitError;
    expect(message).toContain(`firebase-tools@${SERVER_PACKAGES['firebase-tools'].version}`);
    expect(message).toContain('npm run setup');
    expect(message).toContain(`npm i -D firebase-tools@${SERVER_PACKAGES['firebase-tools'].version}`);
    expect(message).toContain(`${SERVERS_DIR_ENV} (${emptyServersDir})`);
    expect(message).toContain(`above ${emptyProject}`);
  });

  it('makes every server fail fast with that error, starting no process', async () => {
    const before = runningProcesses().length;
    await expect(startS3Server({ resolve: nowhere })).rejects.toThrow(/s3rver@3\.7\.1 .*npm i -D s3rver@3\.7\.1/s);
    await expect(startAzureServer({ resolve: nowhere })).rejects.toThrow(
      /azurite@3\.35\.0 .*npm i -D azurite@3\.35\.0/s,
    );
    await expect(startGcsServer({ resolve: nowhere })).rejects.toThrow(/firebase-tools@15\.34\.2 .*npm run setup/s);
    expect(runningProcesses()).toHaveLength(before);
  });
});
