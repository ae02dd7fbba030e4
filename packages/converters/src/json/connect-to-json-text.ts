import type { Schema } from '@sinkkit/core';
import { stringifyJson } from './json-text.js';
import { connectToJson, type JsonValueOptions } from './json-values.js';

/**
 * Connect data as JSON text, as `JsonConverter` with `schemas.enable=false` writes it: integers of
 * any size (schemaless integers arrive as `bigint`, which `JSON.stringify` refuses) as JSON
 * numbers, bytes as base64, Structs as objects, decimals per `decimalFormat` (default `BASE64`,
 * Connect's). `schema` null writes the value by its JavaScript type. Throws a `DataError` when
 * the value does not fit the schema.
 */
export function connectToJsonText(
  schema: Schema | null,
  value: unknown,
  options: Partial<JsonValueOptions> = {},
): string {
  return stringifyJson(
    connectToJson(schema, value, { decimalFormat: 'BASE64', replaceNullWithDefault: true, ...options }),
  );
}
