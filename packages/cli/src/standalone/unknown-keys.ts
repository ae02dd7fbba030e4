import { closestKey } from './closest-key.js';

/**
 * Keys a connector file may hold that belong to the Kafka Connect framework or a plugin it
 * configures by prefix, so no component's own definition lists them: Connect's per-connector
 * keys the runtime does not read (`config.action.reload`, `tasks.max.enforce`), the plugin
 * prefixes (converters, transforms, predicates), client overrides, and Kafka client security keys.
 */
const FRAMEWORK_KEYS = new Set([
  'name',
  'connector.class',
  'tasks.max',
  'tasks.max.enforce',
  'config.action.reload',
  'security.protocol',
]);
const FRAMEWORK_PREFIXES = [
  'consumer.override.',
  'producer.override.',
  'admin.override.',
  'key.converter.',
  'value.converter.',
  'header.converter.',
  'transforms.',
  'predicates.',
  'errors.',
  'ssl.',
  'sasl.',
];

/** What the components of one connector define or accept. */
export interface KnownKeys {
  /** Keys some component defines (the runtime's, the connector's, its plugins'): the suggestions. */
  readonly defined: Iterable<string>;
  /** Further keys accepted without being defined (e.g. keys the connector warns about itself). */
  readonly accepts?: (key: string) => boolean;
}

/** A key no component defines, and the line that says so. */
export interface UnknownKey {
  readonly key: string;
  /** `flush.szie: unknown key; did you mean flush.size?`; names only, never the value. */
  readonly notice: string;
}

/**
 * The keys of `keys` that no component defines and no framework prefix covers, each with a
 * notice naming the closest defined key when one is near: `flush.szie: unknown key; did you
 * mean flush.size?`. Names only, never values (a mistyped key may hold a secret). Sorted by key.
 */
export function unknownKeys(keys: Iterable<string>, known: KnownKeys): UnknownKey[] {
  const defined = new Set(known.defined);
  const out: UnknownKey[] = [];
  for (const key of [...keys].sort()) {
    if (defined.has(key) || FRAMEWORK_KEYS.has(key) || known.accepts?.(key)) continue;
    if (FRAMEWORK_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    const near = closestKey(key, defined);
    out.push({ key, notice: `${key}: unknown key${near ? `; did you mean ${near}?` : ', ignored'}` });
  }
  return out;
}

/** The notices of {@link unknownKeys}. */
export function unknownKeyNotices(keys: Iterable<string>, known: KnownKeys): string[] {
  return unknownKeys(keys, known).map((u) => u.notice);
}
