import {
  type ByteSink,
  ConfigDef,
  DataError,
  Decimal,
  type Format,
  type PluginConfigs,
  type RecordWriter,
  type RecordWriterContext,
  type RecordWriterProvider,
  type Schema,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import { BufferedRecordWriter, type Compression } from '../buffered-record-writer.js';
import { compressionConfigDef, parseCompression } from '../compression-config.js';
import { csvField } from './csv-values.js';

const csvConfigDef = () =>
  new ConfigDef().define('csv.header', {
    type: 'boolean',
    default: true,
    doc: 'Whether every file starts with a header row of column names. Default true.',
  });

/**
 * CSV (RFC 4180): a header row, then one row per record, fields separated by `,`, rows ended by
 * CRLF, UTF-8. Extension `.csv`, or `.csv.gz` with `s3.compression.type=gzip`.
 *
 * Columns: a STRUCT value schema gives its fields in order (the sink rotates the file when the
 * schema changes, so every row of a file has the same columns). Schemaless maps or objects take
 * the keys of the file's first record; a later record in the same file with a key the header
 * does not have is a `DataError` naming the record and the key (a column is never silently
 * dropped), while a key it lacks is written as an empty field. Any other value (a string, a
 * number…) is one column called `value`. See `csvField` for how values are written. A first
 * record without fields (an empty struct or object) is a `DataError`: its rows would be blank lines.
 */
export class CsvFormat implements Format {
  static readonly CLASS_NAMES = ['CsvFormat', 'csv'] as const;

  #compression: Compression = { type: 'none', level: -1 };
  #header = true;

  configure(config: PluginConfigs): void {
    this.#compression = parseCompression(config);
    this.#header = csvConfigDef().parse(config).get('csv.header');
  }

  config() {
    return csvConfigDef().include(compressionConfigDef());
  }

  recordWriterProvider(): RecordWriterProvider {
    const compression = this.#compression;
    const header = this.#header;
    return {
      extension: compression.type === 'gzip' ? '.csv.gz' : '.csv',
      open: (out: ByteSink, context: RecordWriterContext): RecordWriter =>
        new CsvRecordWriter(out, compression, header, context.schema),
    };
  }
}

class CsvRecordWriter extends BufferedRecordWriter {
  readonly #header: boolean;
  readonly #schema: Schema | null;
  /** Column names, fixed by the schema or the first record. */
  #columns: string[] | undefined;
  #keyed = false;

  constructor(out: ByteSink, compression: Compression, header: boolean, schema: Schema | null) {
    super(out, compression);
    this.#header = header;
    this.#schema = schema;
  }

  protected encode(record: SinkRecord): string {
    const { value } = record;
    const schema = record.valueSchema ?? this.#schema;
    let head = '';
    if (this.#columns === undefined) {
      const keyed = schema ? schema.type === 'STRUCT' : isKeyed(value);
      const columns = schema?.type === 'STRUCT' ? schema.fields.map((f) => f.name) : keyed ? keysOf(value) : ['value'];
      // Rows of no fields are blank lines: readers see one unnamed column, and a glob over the
      // topic's folder fails on the schema mismatch. Such a record is a data error instead.
      if (columns.length === 0)
        throw located(record, 'a struct or object without fields has no CSV form (a row needs at least one column)');
      this.#keyed = keyed;
      this.#columns = columns;
      if (this.#header) head = `${columns.map((c) => csvField(c, null)).join(',')}\r\n`;
    }
    return `${head}${this.#row(record, value, schema)}\r\n`;
  }

  #row(record: SinkRecord, value: unknown, schema: Schema | null): string {
    const columns = this.#columns as string[];
    if (!this.#keyed) return csvField(value, schema);
    if (value instanceof Struct)
      return columns.map((c) => csvField(value.get(c), value.schema.field(c)?.schema ?? null)).join(',');
    if (value === null) return columns.map(() => '').join(',');
    if (!isKeyed(value))
      throw located(record, `a CSV file whose first record was an object cannot hold a ${typeof value}`);
    const get =
      value instanceof Map ? (k: string) => value.get(k) : (k: string) => (value as Record<string, unknown>)[k];
    const known = new Set(columns);
    for (const key of keysOf(value)) {
      if (!known.has(key)) {
        throw located(
          record,
          `field ${JSON.stringify(key)} is not a column of this CSV file (columns come from its first record: ${columns.join(', ')})`,
        );
      }
    }
    return columns.map((c) => csvField(get(c), null)).join(',');
  }
}

function isKeyed(value: unknown): boolean {
  return (
    value instanceof Struct ||
    value instanceof Map ||
    (typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !(value instanceof Uint8Array) &&
      !(value instanceof Date) &&
      !(value instanceof Decimal))
  );
}

function keysOf(value: unknown): string[] {
  if (value instanceof Struct) return value.schema.fields.map((f) => f.name);
  if (value instanceof Map) return [...value.keys()].map(String);
  return Object.keys(value as object);
}

function located(record: SinkRecord, reason: string): DataError {
  return new DataError(reason, { topic: record.topic, partition: record.kafkaPartition, offset: record.kafkaOffset });
}
