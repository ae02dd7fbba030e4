import type { ConfigDef } from '../config/config-def.js';
import type { Schema } from '../data/schema.js';
import type { SchemaAndValue } from '../data/schema-and-value.js';
import type { Headers } from '../record/headers.js';
import type { MaybePromise, PluginConfigs } from './props.js';

/**
 * Turns the bytes of a Kafka key or value into Connect data and back, like Connect's
 * `Converter` (`key.converter` / `value.converter`). One instance converts either keys or
 * values, as told by `configure`.
 *
 * `toConnectData` may return a promise because some formats need I/O the first time they see a
 * schema (Schema Registry lookups); implementations should cache so the common case is
 * synchronous and the runtime pays no per-record await.
 */
export interface Converter {
  /** Called once before use with the converter's settings (prefix already stripped). */
  configure(configs: PluginConfigs, isKey: boolean): void;

  /**
   * Decodes `value` read from `topic`. `null` bytes (a tombstone, or a missing key) should decode
   * to a null value. Throw a `DataError` for bytes that do not parse.
   */
  toConnectData(topic: string, headers: Headers, value: Uint8Array | null): MaybePromise<SchemaAndValue>;

  /** Encodes data for `topic`; only needed where records are produced (e.g. the dead-letter queue). */
  fromConnectData?(
    topic: string,
    headers: Headers,
    schema: Schema | null,
    value: unknown,
  ): MaybePromise<Uint8Array | null>;

  /** The settings this converter understands. */
  config?(): ConfigDef;

  /** Releases resources (HTTP clients, caches). */
  close?(): MaybePromise<void>;
}
