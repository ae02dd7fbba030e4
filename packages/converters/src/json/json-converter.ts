import {
  atLeast,
  ConfigDef,
  type Converter,
  DataError,
  type HeaderConverter,
  type Headers,
  NULL_SCHEMA_AND_VALUE,
  type PluginConfigs,
  type Schema,
  type SchemaAndValue,
} from '@sinkkit/core';
import { schemaFromJson, schemaToJson } from './json-schema.js';
import { type JsonOut, type JsonValue, parseJson, stringifyJson } from './json-text.js';
import { connectToJson, type JsonValueOptions, jsonToConnect } from './json-values.js';

/** The settings of {@link JsonConverter}, with Kafka Connect's names and defaults. */
export function jsonConverterConfigDef() {
  return new ConfigDef()
    .define('schemas.enable', {
      type: 'boolean',
      default: true,
      importance: 'high',
      doc: 'Read and write the {"schema": ..., "payload": ...} envelope. false: plain JSON without a schema (objects become maps).',
    })
    .define('decimal.format', {
      type: 'enum',
      values: ['BASE64', 'NUMERIC'],
      default: 'BASE64',
      doc: "How Decimal values are written: BASE64 (two's complement bytes, Connect's default) or NUMERIC (a JSON number with every digit). Both are read.",
    })
    .define('replace.null.with.default', {
      type: 'boolean',
      default: true,
      doc: 'A null value whose schema has a default is read and written as the default, as Connect does.',
    })
    .define('schemas.cache.size', {
      type: 'int',
      default: 1000,
      validators: [atLeast(0)],
      doc: 'How many distinct envelope schemas to keep parsed.',
    });
}

/**
 * Kafka Connect's `org.apache.kafka.connect.json.JsonConverter`: UTF-8 JSON ⇄ Connect data.
 *
 * With `schemas.enable=true` (the default, as in Connect) each message is an envelope
 * `{"schema": {...}, "payload": ...}` and data comes back with its schema: structs as `Struct`,
 * INT64 as bigint, bytes from base64, Decimal/Date/Time/Timestamp by their Connect names. With
 * `false` the JSON is read without a schema: objects are plain objects, integers bigints (Connect's
 * Long), other numbers `number`s. Numbers are read exactly (no precision lost past 2^53).
 *
 * Malformed JSON, an envelope missing `schema`/`payload`, or a payload that does not fit its
 * schema is a `DataError` naming the topic; the runtime adds partition and offset.
 *
 * Also a header converter (`header.converter`), as in Connect: each header value is one JSON
 * document, read and written as a key or value would be (so with the envelope unless
 * `schemas.enable=false`).
 */
export class JsonConverter implements Converter, HeaderConverter {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.json.JsonConverter';
  #schemasEnabled = true;
  #options: JsonValueOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };
  #cacheSize = 1000;
  // Envelope schema text → parsed schema (LRU by Map insertion order).
  readonly #toConnectCache = new Map<string, Schema | null>();
  readonly #fromConnectCache = new WeakMap<Schema, JsonOut>();
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });

  configure(configs: PluginConfigs, _isKey = false): void {
    const config = this.config().parse(configs);
    this.#schemasEnabled = config.get('schemas.enable');
    this.#options = {
      decimalFormat: config.get('decimal.format') as JsonValueOptions['decimalFormat'],
      replaceNullWithDefault: config.get('replace.null.with.default'),
    };
    this.#cacheSize = config.get('schemas.cache.size');
  }

  toConnectData(topic: string, _headers: Headers | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE; // a tombstone
    try {
      return this.#toConnect(value);
    } catch (error) {
      throw located(error, topic, 'Converting byte[] to Kafka Connect data failed');
    }
  }

  fromConnectData(topic: string, _headers: Headers | null, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema === null && (value === null || value === undefined)) return null;
    try {
      const payload = connectToJson(schema, value, this.#options);
      const json = this.#schemasEnabled ? { schema: schema ? this.#schemaJson(schema) : null, payload } : payload;
      return Buffer.from(stringifyJson(json), 'utf8');
    } catch (error) {
      throw located(error, topic, 'Converting Kafka Connect data to byte[] failed');
    }
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  config() {
    return jsonConverterConfigDef();
  }

  #toConnect(bytes: Uint8Array): SchemaAndValue {
    let text: string;
    try {
      text = this.#decoder.decode(bytes);
    } catch (cause) {
      throw new DataError('malformed JSON: the bytes are not valid UTF-8', { code: 'JSON_MALFORMED', cause });
    }
    // Connect's deserializer reads empty bytes as no value.
    if (text.trim() === '') {
      if (this.#schemasEnabled) throw envelopeError();
      return NULL_SCHEMA_AND_VALUE;
    }
    const json = parseJson(text);
    if (!this.#schemasEnabled) return { schema: null, value: jsonToConnect(null, json, this.#options) };
    if (!isEnvelope(json)) throw envelopeError();
    const schema = this.#schema(json.schema);
    return { schema, value: jsonToConnect(schema, json.payload, this.#options) };
  }

  #schema(node: JsonValue): Schema | null {
    if (node === null) return null;
    const key = JSON.stringify(node);
    const cached = this.#toConnectCache.get(key);
    if (cached !== undefined) {
      this.#toConnectCache.delete(key);
      this.#toConnectCache.set(key, cached);
      return cached;
    }
    const schema = schemaFromJson(node, (s, n) => jsonToConnect(s, n, this.#options));
    if (this.#cacheSize > 0) {
      if (this.#toConnectCache.size >= this.#cacheSize) {
        const oldest = this.#toConnectCache.keys().next();
        if (!oldest.done) this.#toConnectCache.delete(oldest.value);
      }
      this.#toConnectCache.set(key, schema);
    }
    return schema;
  }

  #schemaJson(schema: Schema): JsonOut {
    let json = this.#fromConnectCache.get(schema);
    if (json === undefined) {
      json = schemaToJson(schema, (s, v) => connectToJson(s, v, this.#options));
      this.#fromConnectCache.set(schema, json);
    }
    return json;
  }
}

function isEnvelope(json: JsonValue): json is { schema: JsonValue; payload: JsonValue } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  return keys.length === 2 && Object.hasOwn(json, 'schema') && Object.hasOwn(json, 'payload');
}

function envelopeError(): DataError {
  return new DataError(
    'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
      'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.',
    { code: 'JSON_NO_ENVELOPE' },
  );
}

/** `error` as a DataError for `topic`, keeping its code and reason. */
function located(error: unknown, topic: string, context: string): DataError {
  if (error instanceof DataError)
    return new DataError(`${context}: ${error.reason}`, { topic, code: error.code, cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(`${context}: ${reason}`, { topic, cause: error });
}
