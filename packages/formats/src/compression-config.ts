import { ConfigDef, ConfigError, type PluginConfigs, range } from '@sinkkit/core';
import type { Compression } from './buffered-record-writer.js';

/**
 * The compression settings shared by the line formats. `s3.compression.type` is Confluent's S3
 * sink key; `format.compression.type` is the storage-neutral alias (the same files go to any
 * store), used when the Confluent key is absent. Giving both with different values is an error.
 */
export const compressionConfigDef = () =>
  new ConfigDef()
    .define('s3.compression.type', {
      type: 'enum',
      values: ['none', 'gzip'],
      default: null,
      doc: 'Compression of JSON and bytes files (Confluent S3 sink key): none or gzip. gzip adds .gz to the extension.',
    })
    .define('format.compression.type', {
      type: 'enum',
      values: ['none', 'gzip'],
      default: null,
      doc: 'Storage-neutral alias of s3.compression.type. Default none.',
    })
    .define('s3.compression.level', {
      type: 'int',
      default: -1,
      validators: [range({ min: -1, max: 9 })],
      doc: 'zlib compression level, -1 (zlib default, 6) to 9.',
    });

/** Reads the compression from a connector configuration; throws a `ConfigError` for bad values. */
export function parseCompression(config: PluginConfigs): Compression {
  const parsed = compressionConfigDef().parse(config);
  const confluent = parsed.get('s3.compression.type');
  const neutral = parsed.get('format.compression.type');
  if (confluent !== null && neutral !== null && confluent !== neutral) {
    throw new ConfigError({
      key: 'format.compression.type',
      value: neutral,
      reason: `contradicts s3.compression.type=${confluent}; set one of them`,
    });
  }
  return { type: confluent ?? neutral ?? 'none', level: parsed.get('s3.compression.level') };
}
