import type { ConfigDef } from '../config/config-def.js';
import type { PluginConfigs } from '../connector/props.js';
import type { ByteSink, RecordWriter, RecordWriterContext } from './record-writer.js';

/**
 * Opens {@link RecordWriter}s for files of one format, like Confluent's `RecordWriterProvider`.
 * Stateless between files: the storage sink opens one writer per open file and may have many
 * open at once.
 */
export interface RecordWriterProvider {
  /**
   * The file name extension, with its dot and any compression suffix: `.json`, `.json.gz`,
   * `.bin`. Constant after `Format.configure`; the storage sink appends it to every file key.
   */
  readonly extension: string;

  /** A writer for a new file whose bytes go to `out`. Must not write to `out` before the first record. */
  open(out: ByteSink, context: RecordWriterContext): RecordWriter;
}

/**
 * An output file format (JSON lines, bytes, Avro, Parquet…), configured once from the
 * connector's settings, like Confluent's `Format` (`format.class`).
 *
 * Contract: `configure` is called once before `recordWriterProvider`, with the whole connector
 * configuration; it throws a `ConfigError` naming key, value and reason for a bad setting.
 */
export interface Format {
  /** Reads the format's settings (compression, separators, …). */
  configure(config: PluginConfigs): void;

  /** The provider of writers for files in this format. */
  recordWriterProvider(): RecordWriterProvider;

  /** The settings this format understands, for docs and validation. */
  config?(): ConfigDef;
}
