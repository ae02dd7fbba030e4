import type { Converter, HeaderConverter } from '@sinkkit/core';
import { ConfigDef, DataError, type Headers, type PluginConfigs, Schema, type SchemaAndValue } from '@sinkkit/core';

const ENCODINGS = ['utf8', 'utf-8', 'latin1', 'ascii', 'utf16le'] as const;

/**
 * Kafka Connect's `StringConverter`: bytes ⇄ an optional string (UTF-8 unless
 * `converter.encoding` says otherwise). `null` bytes are `null`. Invalid UTF-8 is a `DataError`
 * rather than silently replaced characters, so bad data reaches `errors.tolerance`. Also a
 * header converter (`header.converter`), as in Connect: every header value is a string.
 */
export class StringConverter implements Converter, HeaderConverter {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.storage.StringConverter';
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #encoding: BufferEncoding = 'utf8';

  configure(configs: PluginConfigs): void {
    const encoding = this.config().parse(configs).get('converter.encoding');
    this.#encoding = encoding as BufferEncoding;
    this.#decoder = new TextDecoder(encoding === 'utf8' || encoding === 'utf-8' ? 'utf-8' : encoding, {
      fatal: true,
    });
  }

  toConnectData(topic: string, _headers: Headers | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: null };
    try {
      return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: this.#decoder.decode(value) };
    } catch (cause) {
      throw new DataError(`StringConverter: bytes are not valid ${this.#encoding}`, { topic, cause });
    }
  }

  fromConnectData(_topic: string, _headers: Headers | null, _schema: Schema | null, value: unknown): Uint8Array | null {
    return value === null || value === undefined ? null : Buffer.from(String(value), this.#encoding);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  config() {
    return new ConfigDef().define('converter.encoding', {
      type: 'enum',
      values: ENCODINGS,
      default: 'utf8',
      doc: 'Character encoding of the bytes.',
    });
  }
}
