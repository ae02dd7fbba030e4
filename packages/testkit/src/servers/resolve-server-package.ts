import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { TestkitError } from '../errors.js';

/**
 * The server packages the test kit can start, with the exact versions it is tested with.
 * They are deliberately not dependencies of `@sinkkit/testkit` (together they weigh ~400 MB):
 * this repository installs them into `tools/servers`, a user installs the ones they need.
 */
export const SERVER_PACKAGES = {
  s3rver: { name: 's3rver', version: '3.7.1', serves: 'the local S3 server' },
  azurite: { name: 'azurite', version: '3.35.0', serves: 'the local Azure Blob server' },
  'firebase-tools': {
    name: 'firebase-tools',
    version: '15.34.2',
    serves: 'the local Google Cloud Storage server (its Storage emulator)',
  },
} as const;

/** Name of a package in {@link SERVER_PACKAGES}. */
export type ServerPackageName = keyof typeof SERVER_PACKAGES;

/** Environment variable naming a folder whose `node_modules` holds the server packages. */
export const SERVERS_DIR_ENV = 'SINKKIT_SERVERS_DIR';

/** Where {@link resolveServerPackage} looks. Defaults: `process.cwd()` and `process.env`. */
export interface ResolveServerPackageOptions {
  /** Folder to start from when walking up for `tools/servers` and for ordinary resolution. */
  cwd?: string;
  /** Environment to read {@link SERVERS_DIR_ENV} from. */
  env?: Record<string, string | undefined>;
}

/** A server package found on disk. */
export interface ResolvedServerPackage {
  name: ServerPackageName;
  /** The package's folder (the one holding its `package.json`). */
  dir: string;
  /** The installed version; may differ from the pinned one when a user installed another. */
  version: string;
}

/**
 * Finds an installed server package, trying in order:
 * 1. `$SINKKIT_SERVERS_DIR/node_modules/<name>`;
 * 2. `tools/servers/node_modules/<name>` in `cwd` or any folder above it (this repository's layout);
 * 3. ordinary Node resolution from `cwd` (a user who ran `npm i -D <name>@<version>` in their project).
 *
 * @throws TestkitError naming the package, its pinned version and how to install it, when none matches.
 */
export function resolveServerPackage(
  name: ServerPackageName,
  options: ResolveServerPackageOptions = {},
): ResolvedServerPackage {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const candidates: string[] = [];
  const serversDir = env[SERVERS_DIR_ENV];
  if (serversDir) candidates.push(join(resolve(serversDir), 'node_modules', name));
  for (let dir = cwd; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'tools', 'servers', 'node_modules', name));
    if (dirname(dir) === dir) break;
  }
  // The lookup paths of require() from cwd: every node_modules up the tree, then NODE_PATH and the global folders.
  const lookupPaths = createRequire(join(cwd, 'noop.js')).resolve.paths(name) ?? [];
  candidates.push(...lookupPaths.map((path) => join(path, name)));

  for (const dir of candidates) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return { name, dir, version };
  }
  const { version, serves } = SERVER_PACKAGES[name];
  throw new TestkitError(
    `${name}@${version} (${serves}) is not installed; looked in ${SERVERS_DIR_ENV}` +
      `${serversDir ? ` (${serversDir})` : ' (unset)'}, tools/servers/node_modules above ${cwd}, and node_modules from ${cwd}`,
    `in the sinkkit repository run \`npm run setup\` (or \`npm ci --prefix tools/servers --ignore-scripts\`); ` +
      `in your own project run \`npm i -D ${name}@${version}\`` +
      `${name === 'firebase-tools' ? ' --ignore-scripts' : ''}; or set ${SERVERS_DIR_ENV} to a folder whose node_modules has it`,
  );
}
