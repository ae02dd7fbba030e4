import { ConfigError, type ConfigProblem, type Format, type Partitioner, type PluginConfigs } from '@sinkkit/core';
import { type EnvelopeSettings, OUTPUT_FIELDS, type OutputField } from '../companions/envelope.js';
import { isKnownTimeZone } from '../rotation/schedule.js';
import { ConfigProblems } from './config-problems.js';
import { parseLeniently } from './lenient-parse.js';
import {
  BUILT_IN_FORMATS,
  BUILT_IN_PARTITIONERS,
  type FormatClassKey,
  resolvePlugin,
  type SinkPluginClasses,
  withOptionalFormat,
} from './plugins.js';
import { resolveSeedKeys } from './seed-connector-keys.js';
import { type SinkConfigValues, sinkConfigDef } from './sink-config-def.js';
import { storageLocation } from './storage-from-config.js';
import { topicsDirProblem } from './topics-dir.js';

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
 * named). What the connector and the task call at start. Like {@link parseSinkSettings}, it reports
 * every problem it can find in one `ConfigError`: a format package that is missing is one more.
 */
export async function loadSinkSettings(props: PluginConfigs, overrides: SettingsOverrides = {}): Promise<SinkSettings> {
  const problems = new ConfigProblems();
  const resolved = resolveSeedKeys(props);
  const { values, bad } = parseLeniently(sinkConfigDef(), resolved.props, problems);
  const keys: FormatClassKey[] = overrides.format ? [] : ['format.class'];
  if (values?.['store.kafka.keys']) keys.push('keys.format.class');
  if (values?.['store.kafka.headers']) keys.push('headers.format.class');
  let formats = overrides.formats;
  for (const key of keys) {
    if (!values || bad.has(key)) continue;
    const name = values[key];
    formats = (await problems.checkAsync(() => withOptionalFormat(name, formats, undefined, key))) ?? formats;
  }
  return collectSinkSettings(props, formats === undefined ? overrides : { ...overrides, formats }, problems);
}

/**
 * Parses and checks the whole configuration up front, so a bad setting fails at start naming
 * key, value and reason: the aliases of the connectors users migrate from, the sink's own keys,
 * the destination, cross-key rules, then the format's and the partitioner's keys (they read the
 * same properties). Every stage runs even when an earlier one found problems (a stage that needs
 * a bad key is skipped), and all the problems are thrown together in one `ConfigError`, so one
 * start-up lists everything to fix.
 */
export function parseSinkSettings(props: PluginConfigs, overrides: SettingsOverrides = {}): SinkSettings {
  return collectSinkSettings(props, overrides, new ConfigProblems());
}

/** {@link parseSinkSettings}, adding to the problems `problems` already holds (found by the caller). */
function collectSinkSettings(
  props: PluginConfigs,
  overrides: SettingsOverrides,
  problems: ConfigProblems,
): SinkSettings {
  const resolved = resolveSeedKeys(props);
  problems.add(resolved.problems);
  const all = resolved.props as PluginConfigs;
  const { values, bad } = parseLeniently(sinkConfigDef(), all, problems);
  if (!values) {
    problems.throwIfAny();
    throw new Error('unreachable: a failed parse records its problems');
  }
  if (!overrides.hasStorage) problems.check(() => storageLocation(values));
  problems.add(crossKeyProblems(values, bad));
  const plugin = <T>(
    key: FormatClassKey | 'partitioner.class',
    builtIn: ReadonlyMap<string, new () => T>,
    registered: Readonly<Record<string, new () => T>> | undefined,
  ): T | undefined =>
    bad.has(key)
      ? undefined
      : problems.check(() => {
          const instance = new (resolvePlugin(key, values[key], builtIn, registered))();
          (instance as { configure(c: PluginConfigs): void }).configure(all);
          return instance;
        });
  const format = overrides.format
    ? (problems.check(() => {
        overrides.format?.configure(all);
        return overrides.format;
      }) ?? overrides.format)
    : plugin('format.class', BUILT_IN_FORMATS, overrides.formats);
  const partitioner = overrides.partitioner
    ? (problems.check(() => {
        overrides.partitioner?.configure(all);
        return overrides.partitioner;
      }) ?? overrides.partitioner)
    : plugin('partitioner.class', BUILT_IN_PARTITIONERS, overrides.partitioners);
  const keysFormat = values['store.kafka.keys']
    ? plugin('keys.format.class', BUILT_IN_FORMATS, overrides.formats)
    : undefined;
  const headersFormat = values['store.kafka.headers']
    ? plugin('headers.format.class', BUILT_IN_FORMATS, overrides.formats)
    : undefined;
  const envelope = problems.check(() =>
    envelopeSettings(values['format.output.fields'], values['format.output.envelope']),
  );
  problems.throwIfAny();
  return {
    values,
    format: format as Format,
    partitioner: partitioner as Partitioner,
    keysFormat,
    headersFormat,
    envelope,
  };
}

/** The rules that span keys, or need more than a type: time zone, delimiters, pool size, topics.dir. */
function crossKeyProblems(values: SinkConfigValues, bad: ReadonlySet<string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const timeZone = values.timezone;
  if (!bad.has('timezone') && !isKnownTimeZone(timeZone)) {
    problems.push({ key: 'timezone', value: timeZone, reason: 'not an IANA time zone (e.g. UTC, Europe/Paris)' });
  }
  for (const key of ['directory.delim', 'file.delim'] as const) {
    if (values[key] === '') problems.push({ key, value: '', reason: 'must not be empty' });
  }
  const poolSize = values['sink.schema.pool.size'];
  if (!bad.has('sink.schema.pool.size') && poolSize > values['partitioner.max.open.files']) {
    problems.push({
      key: 'sink.schema.pool.size',
      value: String(poolSize),
      reason: `exceeds partitioner.max.open.files (${values['partitioner.max.open.files']}): the pool's files count towards that limit`,
    });
  }
  if (!bad.has('topics.dir') && values['directory.delim'] !== '') {
    const problem = topicsDirProblem(values['topics.dir'], values['directory.delim']);
    if (problem) problems.push(problem);
  }
  return problems;
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
