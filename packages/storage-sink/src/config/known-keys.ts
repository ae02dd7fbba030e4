import type { ConfigDef, PluginConfigs } from '@sinkkit/core';
import { isIgnoredKey } from './ignored-keys.js';
import {
  BUILT_IN_FORMATS,
  BUILT_IN_PARTITIONERS,
  type FormatClassKey,
  resolvePlugin,
  withOptionalFormat,
} from './plugins.js';
import { resolveSeedKeys, SEED_CONNECTOR_KEYS } from './seed-connector-keys.js';
import { sinkConfigDef } from './sink-config-def.js';
import type { SettingsOverrides } from './sink-settings.js';

/** What {@link sinkKeyCatalog} answers. */
export interface SinkKeyCatalog {
  /** Every key the sink, its format, its partitioner and its companion formats define. */
  readonly defined: readonly string[];
  /** Whether the sink reads `key`, or reports it with a notice of its own (ignored Confluent keys, seed-connector keys). */
  readonly accepts: (key: string) => boolean;
}

/**
 * The keys the storage sink knows for one configuration: its own, those of the format, the
 * partitioner and the companion formats it names (each plugin's `config()`), and those it accepts
 * with a notice (ignored Confluent keys, the seed connectors' keys). Never throws: a class that
 * cannot be resolved adds no keys (its own `ConfigError` is reported by start-up). What a runner
 * uses to warn about keys nobody defines (`flush.szie`), even when the configuration is bad.
 */
export async function sinkKeyCatalog(props: PluginConfigs, overrides: SettingsOverrides = {}): Promise<SinkKeyCatalog> {
  const all = resolveSeedKeys(props).props;
  const sinkDef = sinkConfigDef();
  const defaults = new Map(sinkDef.keys().map((k) => [k.name, k.defaultValue]));
  const nameOf = (key: string) => String(all[key] ?? defaults.get(key) ?? '').trim();
  const defs: (ConfigDef | undefined)[] = [sinkDef];
  const formatKeys: FormatClassKey[] = overrides.format ? [] : ['format.class'];
  if (overrides.format) defs.push(overrides.format.config?.());
  if (String(all['store.kafka.keys']).trim() === 'true') formatKeys.push('keys.format.class');
  if (String(all['store.kafka.headers']).trim() === 'true') formatKeys.push('headers.format.class');
  for (const key of formatKeys) {
    try {
      const formats = await withOptionalFormat(nameOf(key), overrides.formats, undefined, key);
      defs.push(new (resolvePlugin(key, nameOf(key), BUILT_IN_FORMATS, formats))().config?.());
    } catch {
      // Reported by start-up, with the key, the value and the reason.
    }
  }
  try {
    const partitioner =
      overrides.partitioner ??
      new (resolvePlugin(
        'partitioner.class',
        nameOf('partitioner.class'),
        BUILT_IN_PARTITIONERS,
        overrides.partitioners,
      ))();
    defs.push(partitioner.config?.());
  } catch {
    // As above.
  }
  const defined = [...new Set(defs.flatMap((def) => def?.names() ?? []))];
  const names = new Set([...defined, ...SEED_CONNECTOR_KEYS]);
  return { defined, accepts: (key) => names.has(key) || isIgnoredKey(key) };
}
