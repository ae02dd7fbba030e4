import type {
  ByteSink,
  Format,
  PluginConfigs,
  RecordWriter,
  RecordWriterContext,
  RecordWriterProvider,
  SinkRecord,
} from '@sinkkit/core';
import { BufferedRecordWriter, type Compression } from '../buffered-record-writer.js';
import { compressionConfigDef, parseCompression } from '../compression-config.js';
import { writeJsonString } from './json-string.js';
import { toJsonText } from './to-json.js';

/**
 * JSON lines: one record value per line, as JSON (see {@link toJsonText} for how Connect data
 * maps to JSON), UTF-8, `\n` after every line. Extension `.json`, or `.json.gz` with
 * `s3.compression.type=gzip`. A null value (with `behavior.on.null.values=write`) is the line
 * `null`. Alias of Confluent's `io.confluent.connect.s3.format.json.JsonFormat`.
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

  configure(config: PluginConfigs): void {
    this.#compression = parseCompression(config);
  }

  config() {
    return compressionConfigDef();
  }

  recordWriterProvider(): RecordWriterProvider {
    const compression = this.#compression;
    return {
      extension: compression.type === 'gzip' ? '.json.gz' : '.json',
      open: (out: ByteSink, _context: RecordWriterContext): RecordWriter => new JsonRecordWriter(out, compression),
    };
  }
}

const NEWLINE = Uint8Array.of(0x0a);

class JsonRecordWriter extends BufferedRecordWriter {
  protected override readonly separator = NEWLINE;

  protected encode(record: SinkRecord): string {
    return toJsonText(record.value, record.valueSchema);
  }

  // The common case of a string value (StringConverter) without JSON.stringify: see writeJsonString.
  protected override encodeInto(record: SinkRecord, chunk: Buffer, at: number, end: number): number {
    const { value } = record;
    return typeof value === 'string' ? writeJsonString(value, chunk, at, end) : -1;
  }
}
