import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestkitError } from '../errors.js';
import { startProcess } from '../process/server-process.js';

/** How to install what the mock cluster needs on Debian/Ubuntu. */
export const MOCK_CLUSTER_INSTALL_HINT =
  'install it with: apt-get install -y --no-install-recommends librdkafka-dev gcc';

/** Options of {@link buildMockCluster}. */
export interface BuildMockClusterOptions {
  /** C compiler: a command looked up on `PATH`, or a path. Default `gcc`. */
  compiler?: string;
  /** C source to compile. Default the package's `native/mock-cluster.c`. */
  source?: string;
  /**
   * Folder for the binary. Default the package's `native/build/` when writable, otherwise a
   * folder under `os.tmpdir()` named after the package location.
   */
  cacheDir?: string;
}

// The same relative path works from src/kafka/ (tests) and from dist/kafka/ (the published package).
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_SOURCE = join(PACKAGE_ROOT, 'native', 'mock-cluster.c');

// Several callers in one process (e.g. tests of one file starting clusters in parallel) share one build.
const builds = new Map<string, Promise<string>>();

/**
 * Compiles the librdkafka mock cluster (`native/mock-cluster.c`) with `gcc -O2 … -lrdkafka` and
 * returns the path of the executable. Compiles only when the binary is missing or older than the
 * source, so every call after the first is a `stat`. Safe to call from several processes at once
 * (vitest workers): each compiles to its own temporary name and renames it into place.
 *
 * @throws TestkitError naming the Debian packages to install (`librdkafka-dev gcc`) when the
 *   compiler, the librdkafka header or the library is missing, or with the compiler output
 *   when compilation fails for another reason.
 */
export function buildMockCluster(options: BuildMockClusterOptions = {}): Promise<string> {
  const source = resolve(options.source ?? DEFAULT_SOURCE);
  const compiler = options.compiler ?? 'gcc';
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = JSON.stringify([source, compiler, cacheDir]);
  let build = builds.get(key);
  if (!build) {
    build = compileIfStale(source, compiler, cacheDir);
    builds.set(key, build);
    // A failed build must not be cached: the user may install the missing package and retry.
    build.catch(() => builds.delete(key));
  }
  return build;
}

async function compileIfStale(source: string, compiler: string, cacheDir: string): Promise<string> {
  const sourceTime = mtime(source);
  if (sourceTime === undefined) throw new TestkitError(`mock cluster source not found: ${source}`);
  const binary = join(cacheDir, binaryName(source));
  const binaryTime = mtime(binary);
  if (binaryTime !== undefined && binaryTime >= sourceTime) return binary;

  const compilerPath = findExecutable(compiler);
  if (!compilerPath) {
    throw new TestkitError(
      `C compiler "${compiler}" not found, needed to build the Kafka mock cluster`,
      MOCK_CLUSTER_INSTALL_HINT,
    );
  }
  mkdirSync(cacheDir, { recursive: true });
  // The default cache lives inside the package, often inside a git checkout: keep it out of `git status`.
  writeFileSync(join(cacheDir, '.gitignore'), '# build output of @sinkkit/testkit\n*\n');
  const temp = `${binary}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const gcc = startProcess('mock-cluster-build', compilerPath, ['-O2', '-Wall', '-o', temp, source, '-lrdkafka']);
  gcc.child.stdin?.end();
  const code = await gcc.exited;
  if (code !== 0) {
    rmSync(temp, { force: true });
    const output = gcc.output().trim();
    if (/rdkafka[^\n]*(No such file|not found)|cannot find -lrdkafka|undefined reference to `rd_kafka/.test(output)) {
      throw new TestkitError(`librdkafka (header or library) is missing:\n${output}\n`, MOCK_CLUSTER_INSTALL_HINT);
    }
    throw new TestkitError(`${compiler} could not build ${source} (exit ${code}):\n${output}`);
  }
  // rename() replaces atomically: a concurrent reader sees the old binary or the new one, never half a file.
  renameSync(temp, binary);
  return binary;
}

function defaultCacheDir(): string {
  const inPackage = join(PACKAGE_ROOT, 'native', 'build');
  try {
    mkdirSync(inPackage, { recursive: true });
    accessSync(inPackage, constants.W_OK);
    return inPackage;
  } catch {
    // e.g. installed read-only under node_modules; keep copies of different installs apart.
    const tag = createHash('sha256').update(PACKAGE_ROOT).digest('hex').slice(0, 12);
    return join(tmpdir(), `sinkkit-native-${tag}`);
  }
}

function binaryName(source: string): string {
  const base = source.replace(/^.*\//, '').replace(/\.c$/, '');
  if (source === DEFAULT_SOURCE) return base;
  // Other sources (tests, forks) must not overwrite the default binary.
  return `${base}-${createHash('sha256').update(source).digest('hex').slice(0, 8)}`;
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

// Resolved up front because spawning a missing command fails asynchronously, after the process is tracked.
function findExecutable(command: string): string | undefined {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(command)]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir || '.', command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
