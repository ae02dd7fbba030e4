import {
  type ByteSink,
  ConfigDef,
  DataError,
  type Format,
  type PluginConfigs,
  type RecordWriter,
  type RecordWriterContext,
  type RecordWriterProvider,
  type SinkRecord,
} from '@sinkkit/core';
import { BufferedRecordWriter, type Compression } from '../buffered-record-writer.js';
import { compressionConfigDef, parseCompression } from '../compression-config.js';

const byteArrayConfigDef = () =>
  new ConfigDef()
    .define('format.bytearray.separator', {
      type: 'string',
      default: '\n',
      doc: 'Bytes written after every record (Confluent key). Default a newline; empty for none.',
    })
    .define('format.bytearray.extension', {
      type: 'string',
      default: '.bin',
      doc: 'File name extension (Confluent key). `.gz` is appended with gzip compression.',
    });

/**
 * Raw bytes: every record's value as it is (a `Uint8Array`, as the `ByteArrayConverter` gives,
 * or a string written as UTF-8), each followed by `format.bytearray.separator`. Alias of
 * Confluent's `io.confluent.connect.s3.format.bytearray.ByteArrayFormat`. Any other value is a
 * `DataError` naming the record; so is a null value (bytes have no null).
 */
export class ByteArrayFormat implements Format {
  static readonly CLASS_NAMES = [
    'ByteArrayFormat',
    'bytes',
    'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
    'io.confluent.connect.gcs.format.bytearray.ByteArrayFormat',
    'io.confluent.connect.azure.storage.format.bytearray.ByteArrayFormat',
  ] as const;

  #compression: Compression = { type: 'none', level: -1 };
  #separator: Uint8Array = Buffer.from('\n');
  #extension = '.bin';

  configure(config: PluginConfigs): void {
    this.#compression = parseCompression(config);
    // Not trimmed: the separator is often whitespace, which ConfigDef's string type would strip.
    const raw = config['format.bytearray.separator'];
    const parsed = byteArrayConfigDef().parse(config);
    // ConfigDef trims string defaults too, which would turn the default newline into nothing.
    this.#separator = Buffer.from(typeof raw === 'string' ? raw : '\n', 'utf8');
    this.#extension = parsed.get('format.bytearray.extension');
  }

  config() {
    return byteArrayConfigDef().include(compressionConfigDef());
  }

  recordWriterProvider(): RecordWriterProvider {
    const compression = this.#compression;
    const separator = this.#separator;
    return {
      extension: compression.type === 'gzip' ? `${this.#extension}.gz` : this.#extension,
      open: (out: ByteSink, _context: RecordWriterContext): RecordWriter =>
        new ByteArrayRecordWriter(out, compression, separator),
    };
  }
}

class ByteArrayRecordWriter extends BufferedRecordWriter {
  readonly #separator: Uint8Array;

  constructor(out: ByteSink, compression: Compression, separator: Uint8Array) {
    super(out, compression);
    this.#separator = separator;
  }

  protected encode(record: SinkRecord): Uint8Array {
    const { value } = record;
    const bytes =
      value instanceof Uint8Array ? value : typeof value === 'string' ? Buffer.from(value, 'utf8') : undefined;
    if (bytes === undefined) {
      throw new DataError(
        `ByteArrayFormat writes bytes or strings, got ${value === null ? 'null' : typeof value}; use the ByteArrayConverter or JsonFormat`,
        { topic: record.topic, partition: record.kafkaPartition, offset: record.kafkaOffset },
      );
    }
    if (this.#separator.length === 0) return bytes;
    return Buffer.concat([bytes, this.#separator]);
  }
}
