import { ConfigDef, type PluginConfigs } from '@sinkkit/core';

/** How the JSON format writes Decimal fields of Structs: Confluent's `json.decimal.format`. */
export type JsonDecimalFormat = 'BASE64' | 'NUMERIC';

/**
 * The JSON format's own settings. `json.decimal.format` is Confluent's S3 sink key with its
 * default (`BASE64`), so a topic gives the same lines before and after a cut-over from
 * Confluent's connector.
 */
export const jsonConfigDef = () =>
  new ConfigDef().define('json.decimal.format', {
    type: 'enum',
    values: ['BASE64', 'NUMERIC'],
    default: 'BASE64',
    doc: "How Decimal fields of Struct values are written (Confluent's key and default): BASE64, a base64 string of the unscaled value's two's-complement big-endian bytes, as Connect's JsonConverter writes it; NUMERIC, a JSON number with every digit. Case-insensitive.",
  });

/** Reads `json.decimal.format`; throws a `ConfigError` naming the key, the value and the allowed values. */
export function parseJsonDecimalFormat(config: PluginConfigs): JsonDecimalFormat {
  return jsonConfigDef().parse(config).get('json.decimal.format') as JsonDecimalFormat;
}
