import type { PropertiesFile } from './properties-file.js';

/** Worker keys the worker itself reads. */
const WORKER = ['plugin.path'];
/** Worker keys handed to every connector unless its own file sets them. */
const PASSED = [
  'bootstrap.servers',
  'offset.flush.interval.ms',
  'offset.flush.timeout.ms',
  'task.shutdown.graceful.timeout.ms',
];
/**
 * Kafka client security keys (`security.protocol`, `ssl.*`, `sasl.*`) of the worker, plain or with a
 * `producer.` / `admin.` prefix: passed as they are; the runtime applies them with Connect's precedence.
 */
const CLIENT_SECURITY = /^(?:(?:producer|admin)\.)?(?:security\.protocol$|ssl\.|sasl\.)/;
/** Converters: the worker's are defaults; a connector naming its own takes none of the worker's settings. */
const CONVERTERS = ['key.converter', 'value.converter', 'header.converter'];

/** A connector's effective properties, and which file each key came from (for error messages). */
export interface ConnectorConfig {
  readonly props: Readonly<Record<string, string>>;
  readonly origin: ReadonlyMap<string, string>;
  /** The connector's file. */
  readonly file: string;
}

/**
 * Merges the worker's file into one connector's, as Kafka Connect's standalone worker does:
 * `bootstrap.servers`, the offset-flush settings, `task.shutdown.graceful.timeout.ms` and the
 * Kafka client security keys (`security.protocol`, `ssl.*`, `sasl.*`, also `producer.`/`admin.`-prefixed)
 * apply to every connector, the worker's converters (with their `key.converter.*` settings) are
 * defaults, and the worker's `consumer.*` settings become `consumer.override.*` ones. The
 * connector's own keys always win.
 */
export function mergeWorkerConfig(worker: PropertiesFile, connector: PropertiesFile): ConnectorConfig {
  const props: Record<string, string> = Object.create(null);
  const origin = new Map<string, string>();
  const set = (key: string, value: string, file: string) => {
    if (Object.hasOwn(connector.props, key)) return;
    props[key] = value;
    origin.set(key, file);
  };
  for (const [key, value] of Object.entries(worker.props)) {
    if (PASSED.includes(key) || CLIENT_SECURITY.test(key)) set(key, value, worker.path);
    const converter = CONVERTERS.find((c) => key === c || key.startsWith(`${c}.`));
    if (converter && !Object.hasOwn(connector.props, converter)) set(key, value, worker.path);
    if (key.startsWith('consumer.') && !key.startsWith('consumer.override.')) {
      set(`consumer.override.${key.slice('consumer.'.length)}`, value, worker.path);
    }
  }
  for (const [key, value] of Object.entries(connector.props)) {
    props[key] = value;
    origin.set(key, connector.path);
  }
  return { props, origin, file: connector.path };
}

/**
 * Worker keys this worker does not use, for one notice at start. Kafka Connect has more:
 * `group.id` and the `*.storage.*` topics belong to distributed mode (a sink's consumer group is
 * always `connect-<name>`), the offsets file is for source connectors, and there is no REST server.
 */
export function unusedWorkerKeys(worker: PropertiesFile): string[] {
  const used = (key: string) =>
    WORKER.includes(key) ||
    PASSED.includes(key) ||
    CLIENT_SECURITY.test(key) ||
    CONVERTERS.some((c) => key === c || key.startsWith(`${c}.`)) ||
    (key.startsWith('consumer.') && !key.startsWith('consumer.override.'));
  return Object.keys(worker.props).filter((key) => !used(key));
}
