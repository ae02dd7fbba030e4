import { ConfigError, type ConfigProblem, stripUserinfo } from '@sinkkit/core';
import { ConnectorRunner, configSecrets, type Logger, type PluginClasses, type RunnerStatus } from '@sinkkit/runtime';
import { UsageError } from '../errors.js';
import { readStandaloneConfig } from './config-files.js';
import { type ConnectorClass, type ConnectorLoader, resolveConnectorClass } from './connector-classes.js';
import { loadPluginPath, pathConnectors, pathRuntimePlugins } from './plugin-path.js';
import { connectorProblems, knownKeys, runtimeProblems } from './preflight.js';
import { redactingLogger } from './redacting-logger.js';
import { unknownKeys } from './unknown-keys.js';
import { type ConnectorConfig, unusedWorkerKeys } from './worker-config.js';

/** Options of {@link startStandalone}. */
export interface StandaloneOptions {
  /**
   * The worker's `.properties` file; `CONNECT_*` environment variables override its keys.
   * Omitted: the worker is configured by the environment alone.
   */
  readonly workerFile?: string;
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
  /**
   * Stops the worker when aborted, also during start-up: connectors not started yet are not
   * started, and those starting are cut short. {@link startStandalone} then resolves with a
   * worker that is stopping (its `done` settles within `task.shutdown.graceful.timeout.ms`).
   */
  readonly signal?: AbortSignal;
}

/** How a standalone worker ended. */
export interface StandaloneResult {
  /** `true` when a task failed (the worker then stops the others). */
  readonly failed: boolean;
  /** Every task's final status, per connector name. */
  readonly statuses: Readonly<Record<string, readonly RunnerStatus[]>>;
  /**
   * Connectors the stop gave up on (a task or the connector did not stop within
   * `task.shutdown.graceful.timeout.ms`): their uncommitted records are re-read from Kafka.
   */
  readonly abandoned: readonly string[];
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
  const { worker, configs } = await readStandaloneConfig(options.workerFile, options.connectorFiles, process.env);
  const logger = options.logger ?? redactingLogger();
  const pathPlugins = await loadPluginPath(listValue(worker.props['plugin.path']), process.cwd(), worker.path);
  const connectorClasses = { ...pathConnectors(pathPlugins), ...options.connectors };
  const plugins = pathRuntimePlugins(pathPlugins, options.plugins);

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
  // In parallel: each stop is bounded by task.shutdown.graceful.timeout.ms, and the bound is the
  // worker's, not one per connector.
  let stoppingAll: Promise<void> | undefined;
  const stopAll = () => {
    stoppingAll ??= Promise.all(runners.map(({ runner }) => runner.stop().catch(() => {}))).then(() => {});
    return stoppingAll;
  };
  const { signal } = options;
  const onAbort = () => void stopAll();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (const config of configs) {
      if (signal?.aborted) break;
      const name = config.props.name as string;
      const className = (config.props['connector.class'] as string).trim();
      // Every stage that can be checked is checked before anything starts, and all their problems
      // are reported in one run: the runtime's (converters, transforms) beside the connector's.
      const runtime = runtimeProblems(config.props, plugins);
      let Connector: ConnectorClass;
      try {
        Connector = await resolveConnectorClass(className, config.file, connectorClasses);
      } catch (error) {
        if (runtime.length === 0 || !(error instanceof UsageError)) throw error;
        throw new UsageError([error.message, ...problemLines(runtime, config)].join('\n'), { cause: error });
      }
      const connector = new Connector();
      // Loading the class may have taken a while: a stop meanwhile must not start it.
      if (signal?.aborted) break;
      // Redacted by the declared type of every key of every component the file configures;
      // values that came from config providers are printed as written.
      const secrets = configSecrets(config.props, { connector: connector.config(), plugins });
      logger.info(`starting connector ${name} (${className}) from ${config.file}`, {
        config: secrets.redact({ ...config.props, ...config.written }),
      });
      const known = await knownKeys(connector, config.props, plugins);
      for (const { key, notice } of unknownKeys(Object.keys(config.props), known)) {
        logger.warn(`${config.origin.get(key) ?? config.file}: ${notice}`);
      }
      if (runtime.length > 0) {
        const own = await connectorProblems(connector, config.props);
        throw attribute(new ConfigError([...own, ...runtime]), config);
      }
      const runner = new ConnectorRunner({ connector, config: config.props, logger, plugins });
      runners.push({ name, runner });
      try {
        await runner.start();
      } catch (error) {
        // The runner checks tasks.max before it starts the connector: add the connector's problems.
        if (error instanceof ConfigError && error.keys.every((k) => k === 'tasks.max')) {
          throw attribute(
            new ConfigError([...error.problems, ...(await connectorProblems(new Connector(), config.props))]),
            config,
          );
        }
        throw attribute(error, config);
      }
    }
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
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
      signal?.removeEventListener('abort', onAbort);
      await stopAll();
      const abandoned = runners.filter(({ runner }) => runner.abandoned).map(({ name }) => name);
      resolveDone({ failed, statuses: statuses(), abandoned });
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
  if (signal?.aborted) void stop(false);
  else logger.info(`started ${runners.length} connector(s): ${runners.map((r) => r.name).join(', ')}`);
  return { connectors: runners.map((r) => r.name), status: statuses, stop: () => stop(false), done };
}

/** A comma-separated list value (`plugin.path`), items trimmed, empty ones dropped. */
function listValue(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A start-up error with the file each problem's key came from, so the user knows what to edit. */
function attribute(error: unknown, config: ConnectorConfig): unknown {
  if (!(error instanceof ConfigError)) return error;
  return new UsageError(problemLines(error.problems, config).join('\n'), { cause: error });
}

/** One line per problem: the file its key came from, then Connect's wording. */
function problemLines(problems: readonly ConfigProblem[], config: ConnectorConfig): string[] {
  return problems.map((p) => {
    const file = config.origin.get(p.key) ?? config.file;
    const text =
      p.value === undefined
        ? `Invalid configuration ${p.key}: ${p.reason}`
        : `Invalid value ${p.value} for configuration ${p.key}: ${p.reason}`;
    return `${file}: ${text}`;
  });
}
