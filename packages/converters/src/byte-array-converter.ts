import {
  ConfigDef,
  type Converter,
  DataError,
  type HeaderConverter,
  type Headers,
  type PluginConfigs,
  Schema,
  type SchemaAndValue,
} from '@sinkkit/core';

/**
 * Kafka Connect's `ByteArrayConverter`: the bytes pass through unchanged with an optional
 * bytes schema. The lossless choice, and the runtime's default for keys and values. Also a
 * header converter (`header.converter`), as in Connect: header values stay bytes.
 */
export class ByteArrayConverter implements Converter, HeaderConverter {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.converters.ByteArrayConverter';

  configure(_configs: PluginConfigs): void {}

  toConnectData(_topic: string, _headers: Headers | null, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schema.OPTIONAL_BYTES_SCHEMA, value };
  }

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schema.OPTIONAL_BYTES_SCHEMA, value };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  fromConnectData(topic: string, _headers: Headers | null, _schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return value;
    throw new DataError(`ByteArrayConverter can only write bytes, got ${typeof value}`, { topic });
  }

  config() {
    return new ConfigDef();
  }
}
