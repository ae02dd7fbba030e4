import { type ConfigDef, type ConnectorProps, SinkConnector } from '@sinkkit/core';
import { ignoredKeys } from './config/ignored-keys.js';
import { type SinkKeyCatalog, sinkKeyCatalog } from './config/known-keys.js';
import { opaqueValuesWarning } from './config/opaque-values.js';
import { resolveSeedKeys } from './config/seed-connector-keys.js';
import { sinkConfigDef } from './config/sink-config-def.js';
import { loadSinkSettings } from './config/sink-settings.js';
import { openConfiguredStore } from './config/storage-from-config.js';
import { probeStore } from './config/store-probe.js';
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
    // Notices first: a key of another connector often explains the error that follows.
    const ignored = ignoredKeys(props);
    if (ignored.length > 0) {
      process.emitWarning(
        `The storage sink ignores these Confluent keys (see the migration guide): ${ignored.join(', ')}`,
        { code: 'SINKKIT_IGNORED_KEYS' },
      );
    }
    for (const notice of resolveSeedKeys(props).notices) {
      process.emitWarning(`The storage sink reads a key of another connector: ${notice}`, {
        code: 'SINKKIT_SEED_CONNECTOR_KEY',
      });
    }
    // Fails fast, naming key, value and reason, before any task starts.
    const settings = await loadSinkSettings(props, {
      ...this.#options,
      hasStorage: this.#options.storage !== undefined,
    });
    const opaque = opaqueValuesWarning(props, settings.format.recordWriterProvider().extension);
    if (opaque) process.emitWarning(opaque, { code: 'SINKKIT_OPAQUE_COLUMNAR_VALUES' });
    // A store given in code is the application's; one built from the keys is checked once here.
    if (!this.#options.storage) {
      const opened = await openConfiguredStore(settings.values, this.#options.s3Client);
      try {
        await probeStore(opened.storage, settings.values);
      } finally {
        opened.close();
      }
    }
    this.#props = props;
  }

  /**
   * The keys this sink knows for `props` (its own, its format's and partitioner's, and those it
   * accepts with a notice of its own), so a runner can warn about the rest (`flush.szie`). Never
   * throws: with a configuration that does not parse, only the sink's own keys are known.
   */
  knownKeys(props: ConnectorProps): Promise<SinkKeyCatalog> {
    return sinkKeyCatalog(props, this.#options);
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
