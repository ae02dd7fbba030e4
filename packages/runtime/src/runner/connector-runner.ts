import type { SinkConnector } from '@sinkkit/core';
import type { RunnerStatus } from './runner-status.js';
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
   * Starts the connector and all its tasks; if one fails to start, stops the others and the
   * connector, and rethrows its error. A `tasks.max` that is not a whole number of at least 1
   * throws a `ConfigError` before the connector is started.
   */
  async start(): Promise<void> {
    const { connector, config } = this.#options;
    const maxTasks = tasksMaxOf(config);
    const props = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
    connector.initialize({
      requestTaskReconfiguration: () => {},
      raiseError: (error) => this.#options.logger?.error('Connector raised an error', { error: error.message }),
    });
    await connector.start(props);
    const taskConfigs = await connector.taskConfigs(maxTasks);
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
    // Every start settles before anything is stopped: a runner stopped mid-start would go on
    // to join the group after its stop.
    const started = await Promise.allSettled(this.#runners.map((r) => r.start()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason;
    }
  }

  /** Stops every task, then the connector. */
  async stop(): Promise<void> {
    this.#created(this.#runners);
    await Promise.all(this.#runners.map((r) => r.stop()));
    await this.#options.connector.stop();
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
