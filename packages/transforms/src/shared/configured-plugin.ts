import type { ConfigDef, ParsedConfig, PluginConfigs } from '@sinkkit/core';

/** The typed values of the settings a `definition()` function returns. */
export type ConfigValues<F> = F extends () => ConfigDef<infer V> ? V : never;

/**
 * What the built-in transformations and predicates share: the settings are parsed once by
 * {@link configure} against {@link definition}, and {@link setUp} reads them.
 */
export abstract class ConfiguredPlugin<V extends object> {
  /** The settings, as Kafka documents them for this plugin. */
  protected abstract definition(): ConfigDef<V>;

  /** Reads the parsed settings; throws a `ConfigError` for a combination the keys alone allow. */
  protected abstract setUp(config: ParsedConfig<V>): void;

  configure(configs: PluginConfigs): void {
    this.setUp(this.definition().parse(configs));
  }

  config(): ConfigDef {
    return this.definition() as unknown as ConfigDef;
  }

  close(): void {}
}
