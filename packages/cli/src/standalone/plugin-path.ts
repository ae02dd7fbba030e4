import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Converter, Format, Partitioner, Predicate, SinkConnector, Transformation } from '@sinkkit/core';
import type { PluginClasses } from '@sinkkit/runtime';
import { UsageError } from '../errors.js';
import { builtinConnectors, type ConnectorLoader, storageSinkLoader } from './connector-classes.js';

/** The classes found on `plugin.path`, by the names a configuration may use for them. */
export interface PathPlugins {
  readonly connectors: Record<string, new () => SinkConnector>;
  readonly converters: Record<string, new () => Converter>;
  readonly transformations: Record<string, new () => Transformation>;
  readonly predicates: Record<string, new () => Predicate>;
  readonly formats: Record<string, new () => Format>;
  readonly partitioners: Record<string, new () => Partitioner>;
}

type Kind = keyof PathPlugins;

/** Which plugin a class is, told by the methods its prototype has (the interfaces' contracts). */
const KINDS: [Kind, readonly string[]][] = [
  ['connectors', ['taskClass', 'taskConfigs']],
  ['converters', ['toConnectData', 'configure']],
  ['transformations', ['apply', 'configure']],
  ['predicates', ['test', 'configure']],
  ['formats', ['recordWriterProvider', 'configure']],
  ['partitioners', ['encodePartition', 'partitionedPath']],
];

/**
 * Loads the plugins of Kafka Connect's `plugin.path`: a list of folders, files or npm package
 * names. A folder contributes each `.js` / `.mjs` file in it and each sub-folder that is a
 * package; a name that is not a path is a package resolved from `cwd`. Every exported class
 * that is a connector, converter, transformation, predicate, format or partitioner is
 * registered under its export name and under its static `CLASS_NAME` (and `CLASS_NAMES`), so a
 * file names it as `transforms.x.type=MyTransform` or by the Java-style name it declares.
 * A plugin that fails to load is a {@link UsageError} naming the entry and the reason.
 */
export async function loadPluginPath(entries: readonly string[], cwd: string, file: string): Promise<PathPlugins> {
  const found: PathPlugins = {
    connectors: {},
    converters: {},
    transformations: {},
    predicates: {},
    formats: {},
    partitioners: {},
  };
  for (const entry of entries) {
    const fail = (reason: string, cause?: unknown): never => {
      throw new UsageError(`${file}: Invalid value ${entry} for configuration plugin.path: ${reason}`, { cause });
    };
    for (const module of modulesOf(entry, cwd, fail)) {
      let exports: Record<string, unknown>;
      try {
        exports = await import(module);
      } catch (error) {
        return fail(`cannot load ${module}: ${(error as Error).message}`, error);
      }
      for (const [exportName, value] of Object.entries(exports)) register(found, exportName, value);
    }
  }
  return found;
}

function modulesOf(entry: string, cwd: string, fail: (reason: string) => never): string[] {
  const looksLikePath = isAbsolute(entry) || entry.startsWith('.');
  const path = resolve(cwd, entry);
  if (looksLikePath) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      return fail(`${path} does not exist`);
    }
    if (!isDir) return [pathToFileURL(path).href];
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => (d.isFile() && /\.(m?js)$/.test(d.name)) || (d.isDirectory() && isPackage(join(path, d.name))))
      .map((d) => d.name)
      .sort()
      .map((name) =>
        isPackage(join(path, name)) ? packageEntry(join(path, name)) : pathToFileURL(join(path, name)).href,
      );
  }
  try {
    return [pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(entry)).href];
  } catch {
    return fail(`no such folder, and no package ${entry} can be resolved from ${cwd}`);
  }
}

function isPackage(dir: string): boolean {
  try {
    return statSync(join(dir, 'package.json')).isFile();
  } catch {
    return false;
  }
}

function packageEntry(dir: string): string {
  return pathToFileURL(createRequire(join(dir, 'package.json')).resolve(dir)).href;
}

function register(found: PathPlugins, exportName: string, value: unknown): void {
  if (typeof value !== 'function' || !value.prototype) return;
  const proto = value.prototype as Record<string, unknown>;
  const kind = KINDS.find(([, methods]) => methods.every((m) => typeof proto[m] === 'function'))?.[0];
  if (!kind) return;
  const statics = value as { CLASS_NAME?: unknown; CLASS_NAMES?: unknown; name: string };
  const names = new Set([exportName === 'default' ? statics.name : exportName]);
  if (typeof statics.CLASS_NAME === 'string') names.add(statics.CLASS_NAME);
  if (Array.isArray(statics.CLASS_NAMES)) for (const n of statics.CLASS_NAMES) if (typeof n === 'string') names.add(n);
  const into = found[kind] as Record<string, unknown>;
  for (const name of names) if (name) into[name] = value;
}

/**
 * The connector loaders `plugin.path` adds: its connectors, and, when it holds formats or
 * partitioners, the storage sink under each of its names bound to them (so `format.class` and
 * `partitioner.class` can name them).
 */
export function pathConnectors(found: PathPlugins): Record<string, ConnectorLoader> {
  const loaders: Record<string, ConnectorLoader> = {};
  for (const [name, Connector] of Object.entries(found.connectors)) loaders[name] = async () => Connector;
  if (Object.keys(found.formats).length + Object.keys(found.partitioners).length === 0) return loaders;
  const bound: ConnectorLoader = async () => {
    const { StorageSinkConnector } = await import('@sinkkit/storage-sink');
    const options = { formats: found.formats, partitioners: found.partitioners };
    return class PluginPathStorageSinkConnector extends StorageSinkConnector {
      constructor() {
        super(options);
      }
    };
  };
  for (const [name, loader] of Object.entries(builtinConnectors))
    if (loader === storageSinkLoader) loaders[name] = bound;
  return loaders;
}

/** The runtime's plugin classes: `plugin.path`'s, with those given in code winning. */
export function pathRuntimePlugins(found: PathPlugins, given: PluginClasses = {}): PluginClasses {
  return {
    ...given,
    converters: { ...found.converters, ...given.converters },
    transformations: { ...found.transformations, ...given.transformations },
    predicates: { ...found.predicates, ...given.predicates },
  };
}
