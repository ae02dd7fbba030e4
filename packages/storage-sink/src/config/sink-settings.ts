import { ConfigError, type Format, type Partitioner, type PluginConfigs } from '@sinkkit/core';
import { isKnownTimeZone } from '../rotation/schedule.js';
import {
  BUILT_IN_FORMATS,
  BUILT_IN_PARTITIONERS,
  resolvePlugin,
  type SinkPluginClasses,
  withOptionalFormat,
} from './plugins.js';
import { type SinkConfigValues, sinkConfigDef } from './sink-config-def.js';
import { storageLocation } from './storage-from-config.js';

/** The parsed configuration, with the format and partitioner configured. */
export interface SinkSettings {
  readonly values: SinkConfigValues;
  readonly format: Format;
  readonly partitioner: Partitioner;
}

/** What may be passed in code instead of named in the configuration. */
export interface SettingsOverrides extends SinkPluginClasses {
  readonly format?: Format;
  readonly partitioner?: Partitioner;
  /** A Storage is given: no store.url / bucket is required. */
  readonly hasStorage?: boolean;
}

/**
 * {@link parseSinkSettings}, after importing the package of an Avro or Parquet `format.class`
 * (`@sinkkit/format-avro`, `@sinkkit/format-parquet`: optional peer dependencies, loaded only when
 * named). What the connector and the task call at start.
 */
export async function loadSinkSettings(props: PluginConfigs, overrides: SettingsOverrides = {}): Promise<SinkSettings> {
  if (overrides.format) return parseSinkSettings(props, overrides);
  const name = sinkConfigDef().parse(props).values['format.class'];
  const formats = await withOptionalFormat(name, overrides.formats);
  return parseSinkSettings(props, formats === undefined ? overrides : { ...overrides, formats });
}

/**
 * Parses and checks the whole configuration up front, so a bad setting fails at start naming
 * key, value and reason: the sink's own keys, then cross-key rules, then the format's and the
 * partitioner's keys (they read the same properties).
 */
export function parseSinkSettings(props: PluginConfigs, overrides: SettingsOverrides = {}): SinkSettings {
  const values = sinkConfigDef().parse(props).values;
  if (!overrides.hasStorage) storageLocation(values);
  const timeZone = values.timezone;
  if (!isKnownTimeZone(timeZone)) {
    throw new ConfigError({
      key: 'timezone',
      value: timeZone,
      reason: 'not an IANA time zone (e.g. UTC, Europe/Paris)',
    });
  }
  for (const key of ['directory.delim', 'file.delim'] as const) {
    if (values[key] === '') throw new ConfigError({ key, value: '', reason: 'must not be empty' });
  }
  const format =
    overrides.format ??
    new (resolvePlugin('format.class', values['format.class'], BUILT_IN_FORMATS, overrides.formats))();
  const partitioner =
    overrides.partitioner ??
    new (resolvePlugin(
      'partitioner.class',
      values['partitioner.class'],
      BUILT_IN_PARTITIONERS,
      overrides.partitioners,
    ))();
  format.configure(props);
  partitioner.configure(props);
  return { values, format, partitioner };
}
