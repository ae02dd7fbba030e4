import { type ConfigDef, type ConnectorProps, SinkConnector } from '@sinkkit/core';
import { ignoredKeys } from './config/ignored-keys.js';
import { opaqueValuesWarning } from './config/opaque-values.js';
import { sinkConfigDef } from './config/sink-config-def.js';
import { loadSinkSettings } from './config/sink-settings.js';
import { type StorageSinkOptions, StorageSinkTask, VERSION } from './storage-sink-task.js';

/**
 * The exactly-once object-store sink connector. Every task gets the connector's configuration;
 * Kafka's group protocol spreads the partitions. Options given in code (a Storage, an S3 client,
 * a format, plugin classes) reach every task: `taskClass()` returns a task class bound to them,
 * since the runtime instantiates tasks without arguments.
 */
export class StorageSinkConnector extends SinkConnector {
  readonly #options: StorageSinkOptions;
  #props: ConnectorProps = {};

  constructor(options: StorageSinkOptions = {}) {
    super();
    this.#options = options;
  }

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return sinkConfigDef();
  }

  async start(props: ConnectorProps): Promise<void> {
    // Fails fast, naming key, value and reason, before any task starts.
    const settings = await loadSinkSettings(props, {
      ...this.#options,
      hasStorage: this.#options.storage !== undefined,
    });
    const ignored = ignoredKeys(props);
    if (ignored.length > 0) {
      process.emitWarning(
        `The storage sink ignores these Confluent keys (see the migration guide): ${ignored.join(', ')}`,
        { code: 'SINKKIT_IGNORED_KEYS' },
      );
    }
    const opaque = opaqueValuesWarning(props, settings.format.recordWriterProvider().extension);
    if (opaque) process.emitWarning(opaque, { code: 'SINKKIT_OPAQUE_COLUMNAR_VALUES' });
    this.#props = props;
  }

  taskClass(): new () => StorageSinkTask {
    const options = this.#options;
    return class BoundStorageSinkTask extends StorageSinkTask {
      constructor() {
        super(options);
      }
    };
  }

  taskConfigs(maxTasks: number): ConnectorProps[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}
}
