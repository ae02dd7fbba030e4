import { ConfigError, type ConfigProblem, HIDDEN } from '@sinkkit/core';
import { ConnectorRunner, type Logger, type PluginClasses, type RunnerStatus } from '@sinkkit/runtime';
import { UsageError } from '../errors.js';
import { type ConnectorClass, type ConnectorLoader, resolveConnectorClass } from './connector-classes.js';
import { connectorProblems, knownKeys, runtimeProblems } from './preflight.js';
import { readPropertiesFile } from './properties-file.js';
import { looksSecret, redactingLogger, scrub, secretValues } from './redacting-logger.js';
import { unknownKeys } from './unknown-keys.js';
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
  /** Default: info and above to stderr, secrets scrubbed. */
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
  const secrets = new Set<string>();
  try {
    return await start(options, secrets);
  } catch (error) {
    // Messages from connectors and clients may echo a value; none of the secret ones may reach the terminal.
    if (error instanceof Error && secrets.size > 0) error.message = scrub(error.message, [...secrets]);
    throw error;
  }
}

async function start(options: StandaloneOptions, secrets: Set<string>): Promise<StandaloneWorker> {
  if (options.connectorFiles.length === 0) throw new UsageError('standalone needs at least one connector file');
  const worker = await readPropertiesFile(options.workerFile);
  const configs: ConnectorConfig[] = [];
  for (const path of options.connectorFiles) configs.push(mergeWorkerConfig(worker, await readPropertiesFile(path)));
  for (const value of [worker.props, ...configs.map((c) => c.props)].flatMap(secretValues)) secrets.add(value);
  const logger = options.logger ?? redactingLogger(() => [...secrets]);

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
      // Every stage that can be checked is checked before anything starts, and all their problems
      // are reported in one run: the runtime's (converters, transforms) beside the connector's.
      const runtime = runtimeProblems(config.props, options.plugins);
      let Connector: ConnectorClass;
      try {
        Connector = await resolveConnectorClass(className, config.file, options.connectors);
      } catch (error) {
        if (runtime.length === 0 || !(error instanceof UsageError)) throw error;
        throw new UsageError([error.message, ...problemLines(runtime, config)].join('\n'), { cause: error });
      }
      const connector = new Connector();
      for (const key of connector.config().keys()) {
        const value = config.props[key.name];
        if (key.type === 'password' && value) secrets.add(value.trim());
      }
      logger.info(`starting connector ${name} (${className}) from ${config.file}`, {
        config: redact(config.props, connector),
      });
      const known = await knownKeys(connector, config.props, options.plugins);
      for (const { key, notice } of unknownKeys(Object.keys(config.props), known)) {
        logger.warn(`${config.origin.get(key) ?? config.file}: ${notice}`);
      }
      if (runtime.length > 0) {
        const own = await connectorProblems(connector, config.props);
        throw attribute(new ConfigError([...own, ...runtime]), config);
      }
      const runner = new ConnectorRunner({ connector, config: config.props, logger, plugins: options.plugins });
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
    for (const { name, s } of failed) logger.error(`connector ${name} task ${s.taskId} failed: ${s.error?.message}`);
    void stop(true);
  }, options.pollMs ?? 500);
  logger.info(`started ${runners.length} connector(s): ${runners.map((r) => r.name).join(', ')}`);
  return { connectors: runners.map((r) => r.name), status: statuses, stop: () => stop(false), done };
}

/** The connector's properties as safe to print: declared passwords and secret-looking keys hidden. */
function redact(
  props: Readonly<Record<string, string>>,
  connector: { config(): { keys(): { name: string; type: string }[] } },
) {
  const passwords = new Set(
    connector
      .config()
      .keys()
      .filter((k) => k.type === 'password')
      .map((k) => k.name),
  );
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, passwords.has(k) || looksSecret(k) ? HIDDEN : v]),
  );
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
