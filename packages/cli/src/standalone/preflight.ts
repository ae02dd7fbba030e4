import { ConfigError, type ConfigProblem, type SinkConnector } from '@sinkkit/core';
import {
  buildPipeline,
  type PluginClasses,
  PluginRegistry,
  parseRuntimeConfig,
  runtimeConfigDef,
} from '@sinkkit/runtime';
import type { KnownKeys } from './unknown-keys.js';

/**
 * The problems of the runtime's stage of one connector's configuration — Connect's keys, the
 * converters, transforms and predicates with their own settings — checked without starting
 * anything, so they can be reported together with the connector's own problems in one run.
 * `task.id` is set as the runner sets it.
 */
export function runtimeProblems(props: Readonly<Record<string, string>>, plugins?: PluginClasses): ConfigProblem[] {
  const registry = new PluginRegistry(plugins);
  try {
    buildPipeline(parseRuntimeConfig({ ...props, 'task.id': '0' }, registry), registry);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

/**
 * The connector's own problems, found by starting it (its `start` parses the configuration and
 * throws a `ConfigError`) and stopping it again: for a configuration already known to be bad,
 * so that one run lists the connector's problems beside the runtime's.
 */
export async function connectorProblems(
  connector: SinkConnector,
  props: Readonly<Record<string, string>>,
): Promise<ConfigProblem[]> {
  connector.initialize({ requestTaskReconfiguration: () => {}, raiseError: () => {} });
  try {
    await connector.start(props);
    await connector.stop();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

/** A connector that can tell which keys it knows beyond `config()` (the storage sink: its format's and partitioner's). */
interface KeyAwareConnector {
  knownKeys(props: Readonly<Record<string, string>>): Promise<KnownKeys>;
}

/** The keys the runtime and `connector` (with its plugins, where it says) define or accept for `props`. */
export async function knownKeys(
  connector: SinkConnector,
  props: Readonly<Record<string, string>>,
  plugins?: PluginClasses,
): Promise<KnownKeys> {
  const own = (connector as Partial<KeyAwareConnector>).knownKeys;
  const extra = typeof own === 'function' ? await own.call(connector, props) : undefined;
  return {
    defined: [
      ...runtimeConfigDef(new PluginRegistry(plugins)).names(),
      ...connector.config().names(),
      ...(extra ? [...extra.defined] : []),
    ],
    accepts: extra?.accepts,
  };
}
