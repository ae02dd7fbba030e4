import { type SinkConnector, SinkkitError, systemClock } from '@sinkkit/core';
import { consoleLogger } from '../logger.js';
import type { RunnerStatus } from './runner-status.js';
import { LEAVE_GROUP_GRACE_MS, SHUTDOWN_TIMEOUT_KEY, settlesWithin, shutdownTimeoutOf } from './shutdown-timeout.js';
import { SinkRunner, type SinkRunnerOptions } from './sink-runner.js';
import { tasksMaxOf } from './tasks-max.js';

/** How to build a {@link ConnectorRunner}: a {@link SinkRunner}'s options, with a connector instead of a task. */
export interface ConnectorRunnerOptions extends Omit<SinkRunnerOptions, 'task'> {
  connector: SinkConnector;
}

/**
 * Runs a {@link SinkConnector}: starts it, asks for `tasks.max` task configurations (default 1),
 * and runs each in its own {@link SinkRunner} (same consumer group, `task.id` 0…n−1), so the
 * tasks share the partitions as several processes would.
 */
export class ConnectorRunner {
  readonly #options: ConnectorRunnerOptions;
  #runners: SinkRunner[] = [];
  #created: (runners: SinkRunner[]) => void = () => {};
  #started = false;
  #stopRequested = false;
  #stopping: Promise<void> | undefined;
  #abandoned = false;
  // connector.start() and taskConfigs(), while under way.
  #connectorStarting: Promise<unknown> | undefined;
  #resolveStopped: () => void = () => {};
  readonly #stopped = new Promise<void>((resolve) => {
    this.#resolveStopped = resolve;
  });
  /**
   * Settles once every task has finished (stopped or failed), with their last statuses, as
   * {@link SinkRunner.done} does for one task. Pending until {@link start} has created the tasks.
   */
  readonly done: Promise<RunnerStatus[]>;

  constructor(options: ConnectorRunnerOptions) {
    this.#options = options;
    const created = new Promise<SinkRunner[]>((resolve) => {
      this.#created = resolve;
    });
    this.done = created.then((runners) => Promise.all(runners.map((r) => r.done)));
  }

  /**
   * Whether the last {@link stop} gave up on a task or on the connector after
   * `task.shutdown.graceful.timeout.ms` (see {@link SinkRunner.abandoned}).
   */
  get abandoned(): boolean {
    return this.#abandoned || this.#runners.some((r) => r.abandoned);
  }

  /**
   * Starts the connector and all its tasks; if one fails to start, stops the others and the
   * connector, and rethrows its error. A `tasks.max` that is not a whole number of at least 1, or
   * a bad `task.shutdown.graceful.timeout.ms`, throws a `ConfigError` before the connector is
   * started. A {@link stop} meanwhile cuts the start short: it then resolves once the stop has.
   */
  async start(): Promise<void> {
    if (this.#started || this.#stopRequested) {
      throw new SinkkitError('ConnectorRunner.start called twice, or after stop', { code: 'RUNNER_STATE' });
    }
    this.#started = true;
    const { config } = this.#options;
    const maxTasks = tasksMaxOf(config);
    shutdownTimeoutOf(config);
    const starting = this.#start(maxTasks);
    starting.catch(() => {});
    await Promise.race([starting, this.#stopped]);
  }

  async #start(maxTasks: number): Promise<void> {
    const { connector, config } = this.#options;
    const props = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
    connector.initialize({
      requestTaskReconfiguration: () => {},
      raiseError: (error) => this.#options.logger?.error('Connector raised an error', { error: error.message }),
    });
    const connectorStarting = (async () => {
      await connector.start(props);
      return connector.taskConfigs(maxTasks);
    })();
    this.#connectorStarting = connectorStarting;
    const taskConfigs = await connectorStarting;
    if (this.#stopRequested) return;
    const TaskClass = connector.taskClass();
    this.#runners = taskConfigs.map(
      (taskConfig, taskId) =>
        new SinkRunner({
          ...this.#options,
          task: new TaskClass(),
          config: { ...taskConfig, 'task.id': String(taskId) },
        }),
    );
    this.#created(this.#runners);
    // Every start settles before the others are stopped after a failure (a stop meanwhile cuts
    // each one short itself).
    const started = await Promise.allSettled(this.#runners.map((r) => r.start()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      // Not through stop(): that would settle start() before the error is thrown.
      this.#stopping ??= this.#stop();
      await this.#stopping;
      throw failed.reason;
    }
  }

  /**
   * Stops every task, then the connector; during a start, cuts it short. Idempotent. Resolves
   * within `task.shutdown.graceful.timeout.ms` (plus at most a second to leave the consumer
   * group), the bound covering all tasks together as in Kafka Connect: the tasks stop in parallel,
   * each abandoned when the time is up, and the connector's own start or stop is waited for only
   * as long as the time left.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop().finally(() => this.#resolveStopped());
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#stopRequested = true;
    const { connector, config } = this.#options;
    const clock = this.#options.clock ?? systemClock;
    let timeoutMs: number;
    try {
      timeoutMs = shutdownTimeoutOf(config);
    } catch {
      this.#created(this.#runners); // start refused the configuration: nothing runs
      return;
    }
    const deadline = clock.now() + timeoutMs;
    // A connector whose start() never returns has no tasks yet: wait for it only within the bound.
    const starting = this.#connectorStarting;
    let started = starting !== undefined;
    if (starting) {
      if (!(await settlesWithin(starting, deadline - clock.now(), clock))) {
        this.#giveUp(`start() did not return within ${SHUTDOWN_TIMEOUT_KEY}=${timeoutMs} ms`);
        this.#created(this.#runners);
        return;
      }
      started = await starting.then(
        () => true,
        () => false,
      );
    }
    this.#created(this.#runners);
    // Each task's stop is bounded by itself (the same timeout, from now).
    await Promise.all(this.#runners.map((r) => r.stop()));
    if (!started) return;
    const left = deadline + LEAVE_GROUP_GRACE_MS - clock.now();
    if (
      !(await settlesWithin(
        Promise.resolve().then(() => connector.stop()),
        left,
        clock,
      ))
    ) {
      this.#giveUp(`stop() did not return within ${SHUTDOWN_TIMEOUT_KEY}=${timeoutMs} ms`);
    }
  }

  #giveUp(what: string): void {
    this.#abandoned = true;
    (this.#options.logger ?? consoleLogger).error(
      `Connector ${String(this.#options.config.name ?? '')}: ${what}; abandoning it (nothing more is committed for it, ` +
        'and records not committed will be re-read from Kafka)',
    );
  }

  /** Pauses every running task: they stop fetching and keep their partitions (state `PAUSED`). */
  pause(): void {
    for (const runner of this.#runners) runner.pause();
  }

  /** Resumes every paused task. */
  resume(): void {
    for (const runner of this.#runners) runner.resume();
  }

  /** One status per task. */
  status(): RunnerStatus[] {
    return this.#runners.map((r) => r.status());
  }
}
