/** Variables of Confluent's images that configure the container, not the worker. */
const NOT_WORKER_KEYS = ['CONNECT_LOG4J_', 'CONNECT_JMX_', 'CONNECT_JVM_', 'CONNECT_KAFKA_HEAP_OPTS'];

/**
 * Worker keys from `CONNECT_*` environment variables, mapped as Confluent's Kafka Connect images
 * do: the prefix dropped, lower-cased, `___` → `-`, `__` → `_`, `_` → `.`
 * (`CONNECT_BOOTSTRAP_SERVERS` → `bootstrap.servers`, `CONNECT_PLUGIN_PATH` → `plugin.path`,
 * `CONNECT_A__B___C` → `a_b-c`). Variables the images use for the
 * JVM and logging (`CONNECT_LOG4J_*`, `CONNECT_JMX_*`, …) are not worker keys and are left out.
 */
export function workerKeysFromEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CONNECT_') || value === undefined) continue;
    if (NOT_WORKER_KEYS.some((prefix) => name.startsWith(prefix))) continue;
    const key = name
      .slice('CONNECT_'.length)
      .toLowerCase()
      .replaceAll('___', '\u0000')
      .replaceAll('__', '\u0001')
      .replaceAll('_', '.')
      .replaceAll('\u0000', '-')
      .replaceAll('\u0001', '_');
    if (key !== '') keys[key] = value;
  }
  return keys;
}
