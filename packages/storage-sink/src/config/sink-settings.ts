import { ConfigError, type Format, type Partitioner, type PluginConfigs } from '@sinkkit/core';
import { type EnvelopeSettings, OUTPUT_FIELDS, type OutputField } from '../companions/envelope.js';
import { isKnownTimeZone } from '../rotation/schedule.js';
import {
  BUILT_IN_FORMATS,
  BUILT_IN_PARTITIONERS,
  type FormatClassKey,
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
  /** The keys files' format, with `store.kafka.keys`. */
  readonly keysFormat?: Format;
  /** The headers files' format, with `store.kafka.headers`. */
  readonly headersFormat?: Format;
  /** With `format.output.fields`: what each written record holds. */
  readonly envelope?: EnvelopeSettings;
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
  const values = sinkConfigDef().parse(props).values;
  const keys: FormatClassKey[] = overrides.format ? [] : ['format.class'];
  if (values['store.kafka.keys']) keys.push('keys.format.class');
  if (values['store.kafka.headers']) keys.push('headers.format.class');
  let formats = overrides.formats;
  for (const key of keys) formats = await withOptionalFormat(values[key], formats, undefined, key);
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
  const poolSize = values['sink.schema.pool.size'];
  if (poolSize > values['partitioner.max.open.files']) {
    throw new ConfigError({
      key: 'sink.schema.pool.size',
      value: String(poolSize),
      reason: `exceeds partitioner.max.open.files (${values['partitioner.max.open.files']}): the pool's files count towards that limit`,
    });
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
  const companion = (key: 'keys.format.class' | 'headers.format.class') => {
    const companionFormat = new (resolvePlugin(key, values[key], BUILT_IN_FORMATS, overrides.formats))();
    companionFormat.configure(props);
    return companionFormat;
  };
  return {
    values,
    format,
    partitioner,
    keysFormat: values['store.kafka.keys'] ? companion('keys.format.class') : undefined,
    headersFormat: values['store.kafka.headers'] ? companion('headers.format.class') : undefined,
    envelope: envelopeSettings(values['format.output.fields'], values['format.output.envelope']),
  };
}

/** `format.output.fields` / `format.output.envelope`, checked: known fields, each once; bare only with one. */
function envelopeSettings(fields: readonly string[], envelope: boolean): EnvelopeSettings | undefined {
  const key = 'format.output.fields';
  for (const [i, field] of fields.entries()) {
    if (!(OUTPUT_FIELDS as readonly string[]).includes(field)) {
      throw new ConfigError({
        key,
        value: fields.join(','),
        reason: `unknown field ${field}; known: ${OUTPUT_FIELDS.join(', ')}`,
      });
    }
    if (fields.indexOf(field) !== i) {
      throw new ConfigError({ key, value: fields.join(','), reason: `${field} is listed twice` });
    }
  }
  if (!envelope && fields.length !== 1) {
    throw new ConfigError({
      key: 'format.output.envelope',
      value: 'false',
      reason: `writes one field bare, so format.output.fields must list exactly one (it lists ${fields.length})`,
    });
  }
  if (fields.length === 0) return undefined;
  return { fields: fields as OutputField[], envelope };
}
