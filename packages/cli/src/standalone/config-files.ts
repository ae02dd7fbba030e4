import { resolveConfigProviders } from './config-providers.js';
import { workerKeysFromEnvironment } from './environment-config.js';
import { type PropertiesFile, readPropertiesFile } from './properties-file.js';
import { type ConnectorConfig, mergeWorkerConfig } from './worker-config.js';

/** A connector's effective configuration, and its values as written where a variable was resolved. */
export interface ResolvedConnectorConfig extends ConnectorConfig {
  /** Keys whose value had `${provider:…}` variables, as written: what may be printed. */
  readonly written: Readonly<Record<string, string>>;
}

/**
 * Reads the worker's configuration and every connector's, as a standalone worker starts: the
 * worker file (optional when the environment configures the worker) with `CONNECT_*` variables
 * over it, each connector file merged onto it, and Kafka's config provider variables resolved
 * in all of them.
 */
export async function readStandaloneConfig(
  workerFile: string | undefined,
  connectorFiles: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ worker: PropertiesFile; configs: ResolvedConnectorConfig[] }> {
  const file = workerFile === undefined ? { path: 'the environment', props: {} } : await readPropertiesFile(workerFile);
  const fromEnv = workerKeysFromEnvironment(env);
  const path =
    Object.keys(fromEnv).length > 0 && workerFile !== undefined ? `${file.path} (with CONNECT_* variables)` : file.path;
  const raw: PropertiesFile = { path, props: { ...file.props, ...fromEnv } };
  const worker: PropertiesFile = { path, props: (await resolveConfigProviders(raw.props, raw.props, env, path)).props };
  const configs: ResolvedConnectorConfig[] = [];
  for (const connectorFile of connectorFiles) {
    const merged = mergeWorkerConfig(raw, await readPropertiesFile(connectorFile));
    const { props, written } = await resolveConfigProviders(merged.props, raw.props, env, merged.file);
    configs.push({ ...merged, props, written });
  }
  return { worker, configs };
}
