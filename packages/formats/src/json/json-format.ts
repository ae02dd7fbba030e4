import { connectToJsonText } from '@sinkkit/converters';
import {
  type ByteSink,
  DataError,
  type Format,
  type PluginConfigs,
  type RecordWriter,
  type RecordWriterContext,
  type RecordWriterProvider,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import { BufferedRecordWriter, type Compression } from '../buffered-record-writer.js';
import { compressionConfigDef, parseCompression } from '../compression-config.js';
import { type JsonDecimalFormat, jsonConfigDef, parseJsonDecimalFormat } from './json-config.js';
import { writeJsonString } from './json-string.js';
import { toJsonText } from './to-json.js';

/**
 * JSON lines: one record value per line, UTF-8, `\n` after every line. As Confluent's
 * `JsonRecordWriterProvider` does, a Struct value is written by Connect's `JsonConverter`
 * (schemas disabled, decimals per `json.decimal.format`, maps with non-string keys as arrays of
 * `[key, value]` pairs), anything else as Jackson writes a plain value (see {@link toJsonText}).
 * Extension `.json`, or `.json.gz` with `s3.compression.type=gzip`. A null value (with
 * `behavior.on.null.values=write`) is the line `null`. A value that does not fit its schema is
 * a `DataError` naming the record. Alias of Confluent's `io.confluent.connect.s3.format.json.JsonFormat`.
 */
export class JsonFormat implements Format {
  /** The names `format.class` accepts for this format. */
  static readonly CLASS_NAMES = [
    'JsonFormat',
    'json',
    'io.confluent.connect.s3.format.json.JsonFormat',
    'io.confluent.connect.gcs.format.json.JsonFormat',
    'io.confluent.connect.azure.storage.format.json.JsonFormat',
  ] as const;

  #compression: Compression = { type: 'none', level: -1 };
  #decimalFormat: JsonDecimalFormat = 'BASE64';

  configure(config: PluginConfigs): void {
    this.#compression = parseCompression(config);
    this.#decimalFormat = parseJsonDecimalFormat(config);
  }

  config() {
    return compressionConfigDef().include(jsonConfigDef());
  }

  recordWriterProvider(): RecordWriterProvider {
    const compression = this.#compression;
    const decimalFormat = this.#decimalFormat;
    return {
      extension: compression.type === 'gzip' ? '.json.gz' : '.json',
      open: (out: ByteSink, _context: RecordWriterContext): RecordWriter =>
        new JsonRecordWriter(out, compression, decimalFormat),
    };
  }
}

const NEWLINE = Uint8Array.of(0x0a);

class JsonRecordWriter extends BufferedRecordWriter {
  protected override readonly separator = NEWLINE;

  constructor(
    out: ByteSink,
    compression: Compression,
    private readonly decimalFormat: JsonDecimalFormat,
  ) {
    super(out, compression);
  }

  protected encode(record: SinkRecord): string {
    const { value } = record;
    try {
      return value instanceof Struct
        ? connectToJsonText(record.valueSchema ?? value.schema, value, { decimalFormat: this.decimalFormat })
        : toJsonText(value, record.valueSchema);
    } catch (error) {
      throw DataError.at(record, error);
    }
  }

  // The common case of a string value (StringConverter) without JSON.stringify: see writeJsonString.
  protected override encodeInto(record: SinkRecord, chunk: Buffer, at: number, end: number): number {
    const { value } = record;
    return typeof value === 'string' ? writeJsonString(value, chunk, at, end) : -1;
  }
}
