import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SinkConnector } from '@sinkkit/core';
import { UsageError } from '../errors.js';

/** A connector class the runtime can instantiate. */
export type ConnectorClass = new () => SinkConnector;

/** Loads a connector class on demand, so `sinkkit verify` never loads what `standalone` needs. */
export type ConnectorLoader = () => Promise<ConnectorClass>;

/** Loads the exactly-once storage sink connector. */
export const storageSinkLoader: ConnectorLoader = async () =>
  (await import('@sinkkit/storage-sink')).StorageSinkConnector;

/**
 * The connector classes `connector.class` may name without a path: the exactly-once storage
 * sink under its full name, its short names, and the Confluent S3 sink's names (its
 * configuration keys are the ones the storage sink reads, so such files work as they are), and
 * the class names of the Alluxio, StreamX and OSS connectors.
 */
export const builtinConnectors: Readonly<Record<string, ConnectorLoader>> = Object.freeze({
  'io.sinkkit.connect.storage.StorageSinkConnector': storageSinkLoader,
  StorageSinkConnector: storageSinkLoader,
  'storage-sink': storageSinkLoader,
  'io.confluent.connect.s3.S3SinkConnector': storageSinkLoader,
  S3SinkConnector: storageSinkLoader,
  // The connectors users migrate from: their keys are read as aliases or named in a warning at
  // start (docs/migrating-from-other-connectors.md), so their files need only a destination.
  'alluxio.kafka.connect.AlluxioSinkConnector': storageSinkLoader,
  'com.qubole.streamx.s3.S3SinkConnector': storageSinkLoader,
  'com.aliyun.oss.connect.kafka.OSSSinkConnector': storageSinkLoader,
});

/**
 * Finds the class `connector.class` names. Either a registered name (see
 * {@link builtinConnectors}, plus `extra`), or a module of the user's:
 * `./my-connector.js#MyConnector` — a path (relative to the folder of the properties file that
 * names it, or absolute, or a `file:` URL), then `#` and the exported class (omitted: the default
 * export). Throws a {@link UsageError} naming file, key, value and reason.
 */
export async function resolveConnectorClass(
  name: string,
  file: string,
  extra: Readonly<Record<string, ConnectorLoader>> = {},
): Promise<ConnectorClass> {
  const known = { ...builtinConnectors, ...extra };
  const fail = (reason: string, cause?: unknown): never => {
    throw new UsageError(`${file}: Invalid value ${name} for configuration connector.class: ${reason}`, { cause });
  };
  const loader = known[name];
  if (loader) return loader();
  if (!isModuleReference(name)) {
    const names = Object.keys(known);
    return fail(
      `no connector class is registered under this name${names.length > 0 ? `; known: ${names.join(', ')}` : ''}; or give a module path such as ./my-connector.js#MyConnector`,
    );
  }
  const hash = name.lastIndexOf('#');
  const specifier = hash === -1 ? name : name.slice(0, hash);
  const exportName = hash === -1 ? 'default' : name.slice(hash + 1);
  const path = specifier.startsWith('file:')
    ? fileURLToPath(specifier)
    : isAbsolute(specifier)
      ? specifier
      : resolve(dirname(file), specifier);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    return fail(`cannot load ${path}: ${(error as Error).message}`, error);
  }
  const value = module[exportName];
  if (typeof value !== 'function') return fail(`${path} has no exported class ${exportName}`);
  const proto = (value as { prototype?: Partial<SinkConnector> }).prototype;
  if (typeof proto?.taskClass !== 'function' || typeof proto.taskConfigs !== 'function') {
    return fail(`${exportName} in ${path} is not a SinkConnector (it has no taskClass/taskConfigs)`);
  }
  return value as ConnectorClass;
}

function isModuleReference(name: string): boolean {
  return name.startsWith('.') || name.startsWith('/') || name.startsWith('file:') || name.includes('#');
}
