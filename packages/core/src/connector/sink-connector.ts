import type { ConfigDef } from '../config/config-def.js';
import type { ConfigValueReport } from '../config/config-value-report.js';
import { SinkkitError } from '../errors/sinkkit-error.js';
import type { ConnectorProps, MaybePromise } from './props.js';
import type { SinkTask } from './sink-task.js';

/** What the runtime lets a {@link SinkConnector} ask of it. */
export interface SinkConnectorContext {
  /** The connector's inputs changed (e.g. new topics): call `taskConfigs` again and restart tasks. */
  requestTaskReconfiguration(): void;
  /** Fails the connector with `error`, e.g. from a background monitoring loop. */
  raiseError(error: Error): void;
}

/**
 * Describes a sink and splits its work into tasks, like Kafka Connect's `SinkConnector`. The
 * runtime calls `initialize`, `validate` (optionally), `start`, `taskConfigs(maxTasks)`, and
 * later `stop`. It holds no records; the {@link SinkTask}s it configures do the writing.
 */
export abstract class SinkConnector {
  #context: SinkConnectorContext | undefined;

  /** Called by the runtime before `start`. */
  initialize(context: SinkConnectorContext): void {
    this.#context = context;
  }

  /** The runtime's context; throws if used before `initialize`. */
  protected get context(): SinkConnectorContext {
    if (!this.#context) {
      throw new SinkkitError('SinkConnector.context used before initialize(context)', {
        code: 'CONNECTOR_NOT_INITIALIZED',
      });
    }
    return this.#context;
  }

  /** Version of the connector, for logs and the REST API. */
  abstract version(): string;

  /** Every setting the connector understands, with types, defaults and docs. */
  abstract config(): ConfigDef;

  /**
   * Checks `props` without starting anything: one report per defined key, with redacted values
   * and the problems found. Default: `config().validate(props)`; override to add checks that
   * span keys or reach outside (e.g. that a bucket exists).
   */
  validate(props: ConnectorProps): MaybePromise<ConfigValueReport[]> {
    return this.config().validate(props);
  }

  /** Parses the configuration; throw a `ConfigError` for bad settings. */
  abstract start(props: ConnectorProps): MaybePromise<void>;

  /** The task class the runtime instantiates (with no arguments) for each task config. */
  abstract taskClass(): new () => SinkTask;

  /** At most `maxTasks` configurations, one per task to run; usually copies of the connector's. */
  abstract taskConfigs(maxTasks: number): MaybePromise<ConnectorProps[]>;

  /** Releases whatever `start` acquired. */
  abstract stop(): MaybePromise<void>;
}
