import { ConfigError, type Format, type Partitioner } from '@sinkkit/core';
import { ByteArrayFormat, CsvFormat, JsonFormat } from '@sinkkit/formats';
import { BUILT_IN_PARTITIONERS as PARTITIONERS } from '@sinkkit/partitioners';
import { isMissingModule } from './stores/load-peer.js';

/** Format and partitioner classes a configuration may name, beyond the built-in ones. */
export interface SinkPluginClasses {
  readonly formats?: Readonly<Record<string, new () => Format>>;
  readonly partitioners?: Readonly<Record<string, new () => Partitioner>>;
}

/** The keys that name a format class. */
export type FormatClassKey = 'format.class' | 'keys.format.class' | 'headers.format.class';

/**
 * Resolves `format.class` / `partitioner.class`. Node has no class path, so names map to
 * classes: the built-ins under our short names and Confluent's class names, plus what the
 * application registers.
 */
export function resolvePlugin<T>(
  key: FormatClassKey | 'partitioner.class',
  name: string,
  builtIn: ReadonlyMap<string, new () => T>,
  registered: Readonly<Record<string, new () => T>> | undefined,
): new () => T {
  const found = registered?.[name] ?? builtIn.get(name);
  if (found) return found;
  const formatKey = key !== 'partitioner.class';
  const optional = formatKey ? OPTIONAL_FORMATS.get(name) : undefined;
  if (optional) {
    throw new ConfigError({
      key,
      value: name,
      reason: `provided by ${optional.packageName}, which the connector and task load at start; to parse settings without starting, pass its class in \`formats\``,
    });
  }
  const known = [...builtIn.keys(), ...(formatKey ? OPTIONAL_FORMATS.keys() : []), ...Object.keys(registered ?? {})];
  throw new ConfigError({ key, value: name, reason: `unknown class; known: ${known.join(', ')}` });
}

export const BUILT_IN_FORMATS: ReadonlyMap<string, new () => Format> = new Map<string, new () => Format>([
  ...JsonFormat.CLASS_NAMES.map((n) => [n, JsonFormat] as const),
  ...ByteArrayFormat.CLASS_NAMES.map((n) => [n, ByteArrayFormat] as const),
  ...CsvFormat.CLASS_NAMES.map((n) => [n, CsvFormat] as const),
]);

export const BUILT_IN_PARTITIONERS: ReadonlyMap<string, new () => Partitioner> = PARTITIONERS;

/** A format in its own package, an optional peer dependency imported only when a configuration names it. */
interface OptionalFormat {
  readonly packageName: string;
  readonly load: () => Promise<new () => Format>;
}

const AVRO: OptionalFormat = {
  packageName: '@sinkkit/format-avro',
  load: async () => (await import('@sinkkit/format-avro')).AvroFormat,
};
const PARQUET: OptionalFormat = {
  packageName: '@sinkkit/format-parquet',
  load: async () => (await import('@sinkkit/format-parquet')).ParquetFormat,
};

// Listed here rather than read from the classes' CLASS_NAMES, which would mean importing them.
const OPTIONAL_FORMATS: ReadonlyMap<string, OptionalFormat> = new Map<string, OptionalFormat>([
  ...[
    'AvroFormat',
    'avro',
    'io.confluent.connect.s3.format.avro.AvroFormat',
    'io.confluent.connect.gcs.format.avro.AvroFormat',
    'io.confluent.connect.azure.storage.format.avro.AvroFormat',
  ].map((n) => [n, AVRO] as const),
  ...[
    'ParquetFormat',
    'parquet',
    'io.confluent.connect.s3.format.parquet.ParquetFormat',
    'io.confluent.connect.gcs.format.parquet.ParquetFormat',
    'io.confluent.connect.azure.storage.format.parquet.ParquetFormat',
  ].map((n) => [n, PARQUET] as const),
]);

/** The `format.class` names served by `@sinkkit/format-avro` and `@sinkkit/format-parquet`. */
export const OPTIONAL_FORMAT_NAMES: readonly string[] = [...OPTIONAL_FORMATS.keys()];

/**
 * When `name` (a `format.class` value) is Avro or Parquet and not registered by the application,
 * imports its package and returns `registered` plus that class under `name`; otherwise returns
 * `registered` as it is. A package that is not installed is a `ConfigError` on `format.class`
 * naming the package to install (on `key`, default `format.class`). `load` replaces the import (for tests).
 */
export async function withOptionalFormat(
  name: string,
  registered: Readonly<Record<string, new () => Format>> | undefined,
  load?: (packageName: string) => Promise<new () => Format>,
  key: FormatClassKey = 'format.class',
): Promise<Readonly<Record<string, new () => Format>> | undefined> {
  const optional = OPTIONAL_FORMATS.get(name);
  if (!optional || registered?.[name] || BUILT_IN_FORMATS.has(name)) return registered;
  let format: new () => Format;
  try {
    format = await (load ? load(optional.packageName) : optional.load());
  } catch (error) {
    if (!isMissingModule(error)) throw error;
    throw new ConfigError(
      {
        key,
        value: name,
        reason: `needs the optional peer dependency ${optional.packageName}: npm install ${optional.packageName}`,
      },
      { cause: error },
    );
  }
  return { ...registered, [name]: format };
}
