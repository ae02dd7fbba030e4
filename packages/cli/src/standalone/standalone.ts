import { ConfigError, stripUserinfo } from '@sinkkit/core';
import { ConnectorRunner, configSecrets, type Logger, type PluginClasses, type RunnerStatus } from '@sinkkit/runtime';
import { UsageError } from '../errors.js';
import { type ConnectorLoader, resolveConnectorClass } from './connector-classes.js';
import { readPropertiesFile } from './properties-file.js';
import { redactingLogger } from './redacting-logger.js';
import { type ConnectorConfig, mergeWorkerConfig, unusedWorkerKeys } from './worker-config.js';

/** Options of {@link startStandalone}. */
export interface StandaloneOptions {
  /** The worker's `.properties` file. */
  readonly workerFile: string;
  /** One `.properties` file per connector to run (at least one). */
  readonly connectorFiles: readonly string[];
  /** Connector classes `connector.class` may name, besides the built-in ones and module paths. */
  readonly connectors?: Readonly<Record<string, ConnectorLoader>>;
  /** Converter, transformation and predicate classes the files may name. */
  readonly plugins?: PluginClasses;
  /** Default: info and above to stderr, URL userinfo hidden. */
  readonly logger?: Logger;
  /** How often task states are checked for failures, ms. Default 500. */
  readonly pollMs?: number;
}

/** How a standalone worker ended. */
export interface StandaloneResult {
  /** `true` when a task failed (the worker then stops the others). */
  readonly failed: boolean;
  /** Every task's final status, per connector name. */
  readonly statuses: Readonly<Record<string, readonly RunnerStatus[]>>;
}

/** A running standalone worker. */
export interface StandaloneWorker {
  /** The connectors' names, in file order. */
  readonly connectors: readonly string[];
  /** Every task's status, per connector name. */
  status(): Record<string, RunnerStatus[]>;
  /** Stops every connector gracefully (final commit, close, stop). Idempotent. */
  stop(): Promise<void>;
  /** Settles once stopped, by {@link StandaloneWorker.stop} or because a task failed. */
  readonly done: Promise<StandaloneResult>;
}

/**
 * Starts Kafka Connect style standalone mode: reads the worker file and the connector files,
 * resolves each `connector.class`, and runs each connector's tasks with `@sinkkit/runtime`.
 * Rejects before anything runs with a {@link UsageError} or `ConfigError` whose message names the
 * file, key, value (redacted when secret) and reason. A task that fails stops the whole worker,
 * so a supervisor sees the process exit and can restart it.
 */
export async function startStandalone(options: StandaloneOptions): Promise<StandaloneWorker> {
  try {
    return await start(options);
  } catch (error) {
    // Config errors name secrets by key only; a client's message may still quote a URL with credentials.
    if (error instanceof Error) error.message = stripUserinfo(error.message);
    throw error;
  }
}

async function start(options: StandaloneOptions): Promise<StandaloneWorker> {
  if (options.connectorFiles.length === 0) throw new UsageError('standalone needs at least one connector file');
  const worker = await readPropertiesFile(options.workerFile);
  const configs: ConnectorConfig[] = [];
  for (const path of options.connectorFiles) configs.push(mergeWorkerConfig(worker, await readPropertiesFile(path)));
  const logger = options.logger ?? redactingLogger();

  const names = new Map<string, string>();
  for (const config of configs) {
    for (const key of ['name', 'connector.class']) {
      if (!config.props[key]?.trim()) throw new UsageError(`${config.file}: Invalid configuration ${key}: missing`);
    }
    const name = config.props.name as string;
    const other = names.get(name);
    if (other)
      throw new UsageError(
        `${config.file}: Invalid value ${name} for configuration name: ${other} names a connector so too`,
      );
    names.set(name, config.file);
  }
  const unused = unusedWorkerKeys(worker);
  if (unused.length > 0) {
    logger.info(
      `${worker.path}: not used by a standalone worker: ${unused.join(', ')} (a sink's consumer group is connect-<name>)`,
    );
  }

  const runners: { name: string; runner: ConnectorRunner }[] = [];
  const stopAll = async () => {
    for (const { runner } of [...runners].reverse()) await runner.stop().catch(() => {});
  };
  try {
    for (const config of configs) {
      const name = config.props.name as string;
      const className = (config.props['connector.class'] as string).trim();
      const Connector = await resolveConnectorClass(className, config.file, options.connectors);
      const connector = new Connector();
      // Redacted by the declared type of every key of every component the file configures.
      const secrets = configSecrets(config.props, { connector: connector.config(), plugins: options.plugins });
      logger.info(`starting connector ${name} (${className}) from ${config.file}`, {
        config: secrets.redact(config.props),
      });
      const runner = new ConnectorRunner({ connector, config: config.props, logger, plugins: options.plugins });
      runners.push({ name, runner });
      try {
        await runner.start();
      } catch (error) {
        throw attribute(error, config);
      }
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const statuses = () => Object.fromEntries(runners.map(({ name, runner }) => [name, runner.status()]));
  let stopping: Promise<void> | undefined;
  let resolveDone: (result: StandaloneResult) => void = () => {};
  const done = new Promise<StandaloneResult>((resolve) => {
    resolveDone = resolve;
  });
  const stop = (failed: boolean) => {
    stopping ??= (async () => {
      clearInterval(timer);
      await stopAll();
      resolveDone({ failed, statuses: statuses() });
    })();
    return stopping;
  };
  const timer = setInterval(() => {
    const failed = Object.entries(statuses()).flatMap(([name, list]) =>
      list.filter((s) => s.state === 'FAILED').map((s) => ({ name, s })),
    );
    if (failed.length === 0) return;
    // The trace (causes included) was logged by the task's runner as it failed.
    for (const { name, s } of failed) logger.error(`connector ${name} task ${s.taskId} failed: ${s.error?.message}`);
    void stop(true);
  }, options.pollMs ?? 500);
  logger.info(`started ${runners.length} connector(s): ${runners.map((r) => r.name).join(', ')}`);
  return { connectors: runners.map((r) => r.name), status: statuses, stop: () => stop(false), done };
}

/** A start-up error with the file each problem's key came from, so the user knows what to edit. */
function attribute(error: unknown, config: ConnectorConfig): unknown {
  if (!(error instanceof ConfigError)) return error;
  const lines = error.problems.map((p) => {
    const file = config.origin.get(p.key) ?? config.file;
    const text =
      p.value === undefined
        ? `Invalid configuration ${p.key}: ${p.reason}`
        : `Invalid value ${p.value} for configuration ${p.key}: ${p.reason}`;
    return `${file}: ${text}`;
  });
  return new UsageError(lines.join('\n'), { cause: error });
}
