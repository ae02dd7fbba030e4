import type { ConfigDef } from '../config/config-def.js';
import type { Schema } from '../data/schema.js';
import type { SchemaAndValue } from '../data/schema-and-value.js';
import type { PluginConfigs } from './props.js';

/**
 * Turns header bytes into Connect data and back, like Connect's `HeaderConverter`
 * (`header.converter`). Synchronous: headers are small and converted for every record, and no
 * known header format needs I/O.
 */
export interface HeaderConverter {
  /** Called once before use with the converter's settings (prefix already stripped). */
  configure(configs: PluginConfigs): void;

  /** Decodes the bytes of header `headerKey`; `null` bytes decode to a null value. */
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue;

  /** Encodes a header value; only needed where records are produced. */
  fromConnectHeader?(topic: string, headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null;

  /** The settings this converter understands. */
  config?(): ConfigDef;

  close?(): void;
}
