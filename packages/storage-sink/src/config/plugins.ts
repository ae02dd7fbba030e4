import { ConfigError, type Format, type Partitioner } from '@sinkkit/core';
import { ByteArrayFormat, CsvFormat, JsonFormat } from '@sinkkit/formats';
import { BUILT_IN_PARTITIONERS as PARTITIONERS } from '@sinkkit/partitioners';

/** Format and partitioner classes a configuration may name, beyond the built-in ones. */
export interface SinkPluginClasses {
  readonly formats?: Readonly<Record<string, new () => Format>>;
  readonly partitioners?: Readonly<Record<string, new () => Partitioner>>;
}

/**
 * Resolves `format.class` / `partitioner.class`. Node has no class path, so names map to
 * classes: the built-ins under our short names and Confluent's class names, plus what the
 * application registers.
 */
export function resolvePlugin<T>(
  key: 'format.class' | 'partitioner.class',
  name: string,
  builtIn: ReadonlyMap<string, new () => T>,
  registered: Readonly<Record<string, new () => T>> | undefined,
): new () => T {
  const found = registered?.[name] ?? builtIn.get(name);
  if (found) return found;
  const known = [...builtIn.keys(), ...Object.keys(registered ?? {})].join(', ');
  throw new ConfigError({ key, value: name, reason: `unknown class; known: ${known}` });
}

export const BUILT_IN_FORMATS: ReadonlyMap<string, new () => Format> = new Map<string, new () => Format>([
  ...JsonFormat.CLASS_NAMES.map((n) => [n, JsonFormat] as const),
  ...ByteArrayFormat.CLASS_NAMES.map((n) => [n, ByteArrayFormat] as const),
  ...CsvFormat.CLASS_NAMES.map((n) => [n, CsvFormat] as const),
]);

export const BUILT_IN_PARTITIONERS: ReadonlyMap<string, new () => Partitioner> = PARTITIONERS;
