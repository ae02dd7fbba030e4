import { randomBytes } from 'node:crypto';
import { KAFKA_CLIENT_PASSWORD_KEYS, KAFKA_CLIENT_PREFIXES } from '@sinkkit/core';
import { AvroFormat } from '@sinkkit/format-avro';
import { ParquetFormat } from '@sinkkit/format-parquet';
import { PluginRegistry, runtimeConfigDef } from '@sinkkit/runtime';
import { BUILT_IN_FORMATS, BUILT_IN_PARTITIONERS, StorageSinkConnector } from '@sinkkit/storage-sink';

/** A password-typed key of a registered component, at the full name a configuration gives it. */
export interface SecretKey {
  readonly key: string;
  /** Which component declares it, for failure messages. */
  readonly component: string;
}

type WithConfig = { config?(): { keys(): readonly { name: string; type: string }[] } | undefined };

function passwords(component: string, Class: new () => WithConfig, prefix = ''): SecretKey[] {
  const def = new Class().config?.();
  return (def?.keys() ?? []).filter((k) => k.type === 'password').map((k) => ({ key: prefix + k.name, component }));
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Every password-typed key of every registered component, enumerated from the registries rather
 * than listed by hand: the runtime's own keys, the storage sink's (every store adapter's), each
 * converter under `key.converter.` and `value.converter.`, each header converter under
 * `header.converter.`, every format and partitioner, and Kafka's client password keys under every
 * client prefix (`kafka: false` leaves those out).
 */
export function registeredSecretKeys(options: { kafka?: boolean } = {}): SecretKey[] {
  const registry = new PluginRegistry();
  // The runtime declares Kafka's client password keys too (under every prefix): those count as the
  // Kafka client's, so `kafka: false` leaves them out wherever they are declared.
  const kafkaKeys = new Set(KAFKA_CLIENT_PREFIXES.flatMap((p) => KAFKA_CLIENT_PASSWORD_KEYS.map((k) => p + k)));
  const keys: SecretKey[] = [
    ...runtimeConfigDef(registry)
      .keys()
      .filter((k) => k.type === 'password')
      .map((k) => ({ key: k.name, component: kafkaKeys.has(k.name) ? 'Kafka client' : 'runtime' })),
    ...passwords('StorageSinkConnector', StorageSinkConnector),
  ];
  for (const Converter of unique(registry.converters.values())) {
    for (const prefix of ['key.converter.', 'value.converter.'])
      keys.push(...passwords(Converter.name, Converter, prefix));
  }
  for (const Converter of unique(registry.headerConverters.values())) {
    keys.push(...passwords(Converter.name, Converter, 'header.converter.'));
  }
  for (const Format of unique([...BUILT_IN_FORMATS.values(), AvroFormat, ParquetFormat])) {
    keys.push(...passwords(Format.name, Format));
  }
  for (const Partitioner of unique(BUILT_IN_PARTITIONERS.values()))
    keys.push(...passwords(Partitioner.name, Partitioner));
  if (options.kafka !== false) {
    for (const prefix of KAFKA_CLIENT_PREFIXES) {
      for (const key of KAFKA_CLIENT_PASSWORD_KEYS) keys.push({ key: prefix + key, component: 'Kafka client' });
    }
  }
  const seen = new Set<string>();
  return keys.filter(
    (k) => !seen.has(k.key) && seen.add(k.key) && (options.kafka !== false || k.component !== 'Kafka client'),
  );
}

/** Distinct marker values: none is part of another, none occurs in sinkkit's own text. */
export class Markers {
  readonly #tag = randomBytes(4).toString('hex');
  readonly #values: string[] = [];

  /** A new marker. */
  next(): string {
    const value = `mk${String(this.#values.length).padStart(3, '0')}z${this.#tag}`;
    this.#values.push(value);
    return value;
  }

  /** Each of `keys` set to a new marker. */
  assign(keys: readonly string[]): Record<string, string> {
    return Object.fromEntries(keys.map((key) => [key, this.next()]));
  }

  /** The markers found in `text` (the test fails on any). */
  foundIn(text: string): string[] {
    return this.#values.filter((m) => text.includes(m));
  }

  get count(): number {
    return this.#values.length;
  }
}
