import {
  ConfigDef,
  type HeaderConverter,
  NULL_SCHEMA_AND_VALUE,
  type PluginConfigs,
  Schema,
  type SchemaAndValue,
} from '@sinkkit/core';
import { formatHeaderValue, parseHeaderText } from './header-text.js';

/**
 * Kafka Connect's default header converter,
 * `org.apache.kafka.connect.storage.SimpleHeaderConverter`: header values are UTF-8 text, read
 * as the Connect value they look like — `true`/`false` a BOOLEAN, `42` an INT8 (the narrowest
 * integer type that holds it), `4.5` a FLOAT32, `2024-05-01` a Date, `[1,2]` an array,
 * `{"a":1}` a map — and otherwise as the string itself. Writing turns any value into that text.
 *
 * Never fails: bytes that are not valid UTF-8 stay bytes (BYTES schema), as Connect falls back
 * to the byte array when it cannot read a header.
 */
export class SimpleHeaderConverter implements HeaderConverter {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  readonly #encoder = new TextEncoder();

  configure(_configs: PluginConfigs): void {}

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    let text: string;
    try {
      text = this.#decoder.decode(value);
    } catch {
      return { schema: Schema.BYTES_SCHEMA, value };
    }
    return parseHeaderText(text);
  }

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return this.#encoder.encode(formatHeaderValue(schema, value));
  }

  config() {
    return new ConfigDef();
  }
}
