import * as zlib from 'node:zlib';
import { gzipSync } from 'node:zlib';
import {
  type ByteSink,
  ConfigDef,
  ConfigError,
  DataError,
  type Format,
  type PluginConfigs,
  type RecordWriter,
  type RecordWriterContext,
  type RecordWriterProvider,
  range,
  type Schema,
  type SinkRecord,
} from '@sinkkit/core';
import { parseInferRecords, parseSchemalessSchema, SchemalessValues, schemalessConfigDef } from '@sinkkit/formats';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { compileParquet, type ParquetPlan, type TimestampUnit } from './parquet-schema.js';

type Codec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'ZSTD';
const CODECS: Record<string, Codec> = {
  none: 'UNCOMPRESSED',
  uncompressed: 'UNCOMPRESSED',
  snappy: 'SNAPPY',
  gzip: 'GZIP',
  zstd: 'ZSTD',
};
/** What parquet-mr's `CompressionCodecName.getExtension()` puts before `.parquet`, as Confluent names files. */
const CODEC_EXTENSIONS: Record<Codec, string> = { UNCOMPRESSED: '', SNAPPY: '.snappy', GZIP: '.gz', ZSTD: '.zstd' };
const zstdCompressSync = (zlib as unknown as { zstdCompressSync?: (b: Uint8Array) => Buffer }).zstdCompressSync;

export const parquetConfigDef = () =>
  new ConfigDef()
    .define('parquet.codec', {
      type: 'enum',
      values: ['none', 'uncompressed', 'snappy', 'gzip', 'zstd'],
      default: 'snappy',
      doc: "Page compression (Confluent's key): none, snappy (default), gzip or zstd (zstd needs Node with zlib zstd, 22.15 or later).",
    })
    .define('parquet.file.extension', {
      type: 'enum',
      values: ['plain', 'codec'],
      default: 'plain',
      doc: "File names' extension: plain (default) always .parquet; codec names the codec as Confluent's S3 sink does (.snappy.parquet, .gz.parquet, .zstd.parquet; .parquet uncompressed), for file names identical to Confluent's after a cut-over. Both match *.parquet.",
    })
    .define('parquet.row.group.rows', {
      type: 'int',
      default: 100_000,
      validators: [range({ min: 1 })],
      doc: 'A row group is written (and handed to the storage) once it holds this many records. Default 100000.',
    })
    .define('parquet.row.group.bytes', {
      type: 'int',
      default: 32 * 1024 * 1024,
      validators: [range({ min: 1024 })],
      doc: 'A row group is written once its records reach about this many bytes in memory (estimated). Default 32 MiB: with parquet.row.group.rows, what one open file holds.',
    })
    .define('parquet.timestamp.unit', {
      type: 'enum',
      values: ['millis', 'micros'],
      default: 'millis',
      doc: 'Unit of Connect Timestamp columns: TIMESTAMP(MILLIS) (default) or TIMESTAMP(MICROS), both UTC-adjusted.',
    });

interface Settings {
  codec: Codec;
  extension: string;
  rows: number;
  bytes: number;
  unit: TimestampUnit;
  schemaless: Schema | null;
  inferRecords: number;
}

/**
 * Parquet files (`.parquet`, or `.snappy.parquet`, `.gz.parquet`, … as Confluent names them
 * with `parquet.file.extension=codec`) written with hyparquet-writer, one row group at a time: records are
 * gathered column by column until `parquet.row.group.rows` or `parquet.row.group.bytes`, then
 * encoded, compressed and handed to the storage, so a file of any size holds at most one row
 * group in memory; the footer goes out on commit. The schema is the records' Connect value
 * schema (see `compileParquet`); the sink starts a new file when it changes. Schemaless records
 * use `format.schemaless.schema` or a schema inferred from the file's first records.
 */
export class ParquetFormat implements Format {
  static readonly CLASS_NAMES = [
    'ParquetFormat',
    'parquet',
    'io.confluent.connect.s3.format.parquet.ParquetFormat',
    'io.confluent.connect.gcs.format.parquet.ParquetFormat',
    'io.confluent.connect.azure.storage.format.parquet.ParquetFormat',
  ] as const;

  #settings: Settings = {
    codec: 'SNAPPY',
    extension: '.parquet',
    rows: 100_000,
    bytes: 32 * 1024 * 1024,
    unit: 'millis',
    schemaless: null,
    inferRecords: 1000,
  };

  configure(config: PluginConfigs): void {
    const parsed = parquetConfigDef().parse(config);
    const codec = CODECS[parsed.get('parquet.codec')] as Codec;
    if (codec === 'ZSTD' && !zstdCompressSync) {
      throw new ConfigError({
        key: 'parquet.codec',
        value: 'zstd',
        reason: `this Node (${process.version}) has no zlib zstd; use Node 22.15 or later, or snappy / gzip`,
      });
    }
    this.#settings = {
      codec,
      extension: parsed.get('parquet.file.extension') === 'codec' ? `${CODEC_EXTENSIONS[codec]}.parquet` : '.parquet',
      rows: parsed.get('parquet.row.group.rows'),
      bytes: parsed.get('parquet.row.group.bytes'),
      unit: parsed.get('parquet.timestamp.unit') as TimestampUnit,
      schemaless: parseSchemalessSchema(config),
      inferRecords: parseInferRecords(config),
    };
  }

  config() {
    return parquetConfigDef().include(schemalessConfigDef());
  }

  recordWriterProvider(): RecordWriterProvider {
    const settings = this.#settings;
    const plans = new WeakMap<Schema, ParquetPlan>();
    const planFor = (schema: Schema) => {
      let plan = plans.get(schema);
      if (!plan) {
        plan = compileParquet(schema, settings.unit);
        plans.set(schema, plan);
      }
      return plan;
    };
    return {
      extension: settings.extension,
      open: (out: ByteSink, context: RecordWriterContext): RecordWriter =>
        new ParquetRecordWriter(
          out,
          settings,
          new SchemalessValues(context.schema, settings.schemaless, settings.inferRecords),
          planFor,
        ),
    };
  }
}

/** Bytes a file's writer starts each row group with; it grows (doubling) while a row group is encoded. */
const WRITER_START_BYTES = 4 * 1024;

/**
 * A hyparquet-writer `Writer` whose bytes are taken out after each row group; `offset` keeps
 * counting for the footer. `drain` hands over the filled part of the buffer itself (no copy)
 * and starts the next row group in a fresh small buffer, so an open file keeps no encoding
 * buffer between row groups: with many files open, idle ones hold only their gathered rows,
 * which `bufferedBytes` counts.
 */
class DrainingWriter extends ByteWriter {
  constructor() {
    super(WRITER_START_BYTES);
  }

  drain(): Uint8Array {
    const bytes = new Uint8Array(this.buffer, 0, this.index);
    this.buffer = new ArrayBuffer(WRITER_START_BYTES);
    this.view = new DataView(this.buffer);
    this.index = 0;
    return bytes;
  }
}

class ParquetRecordWriter implements RecordWriter {
  #plan: ParquetPlan | undefined;
  #file: { writer: DrainingWriter; parquet: ParquetWriter } | undefined;
  #columns: unknown[][] = [];
  #rows = 0;
  #bytes = 0;

  constructor(
    private readonly out: ByteSink,
    private readonly settings: Settings,
    private readonly values: SchemalessValues,
    private readonly planFor: (schema: Schema) => ParquetPlan,
  ) {}

  get bufferedBytes(): number {
    return this.#bytes + this.values.heldBytes;
  }

  write(record: SinkRecord): Promise<void> | undefined {
    for (const { record: r, value } of this.values.add(record)) this.#add(r, value);
    return this.#rows >= this.settings.rows || this.#bytes >= this.settings.bytes ? this.#writeRowGroup() : undefined;
  }

  async commit(): Promise<void> {
    for (const { record, value } of this.values.flush()) this.#add(record, value);
    if (!this.#plan) {
      const schema = this.values.schema;
      if (!schema) return;
      this.#plan = this.planFor(schema);
    }
    await this.#writeRowGroup();
    const file = this.#open();
    file.parquet.finish();
    await this.out.write(file.writer.drain());
  }

  abort(): void {
    this.#columns = [];
    this.#rows = 0;
    this.#bytes = 0;
    this.#file = undefined;
  }

  #add(record: SinkRecord, value: unknown): void {
    try {
      const schema = record.valueSchema ?? this.values.schema;
      if (!schema) throw new DataError('Parquet needs a value schema');
      this.#plan ??= this.planFor(schema);
      const row = this.#plan.row(value);
      if (this.#columns.length === 0) this.#columns = row.map(() => []);
      for (let i = 0; i < row.length; i++) (this.#columns[i] as unknown[]).push(row[i]);
      this.#rows += 1;
      this.#bytes += sizeOf(row);
    } catch (error) {
      throw DataError.at(record, error);
    }
  }

  #open(): { writer: DrainingWriter; parquet: ParquetWriter } {
    if (this.#file) return this.#file;
    const writer = new DrainingWriter();
    const { codec } = this.settings;
    const compressors = {
      GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)),
      ...(zstdCompressSync ? { ZSTD: (b: Uint8Array) => new Uint8Array(zstdCompressSync(b)) } : {}),
    };
    const parquet = new ParquetWriter({
      writer,
      schema: (this.#plan as ParquetPlan).elements,
      codec,
      compressors,
      createdBy: 'sinkkit',
    });
    this.#file = { writer, parquet };
    return this.#file;
  }

  async #writeRowGroup(): Promise<void> {
    if (this.#rows === 0 || !this.#plan) return;
    const file = this.#open();
    const columnData = this.#plan.columns.map((c, i) => ({ name: c.name, data: this.#columns[i] as unknown[] }));
    const rows = this.#rows;
    this.#columns = [];
    this.#rows = 0;
    this.#bytes = 0;
    file.parquet.write({ columnData: columnData as never, rowGroupSize: rows });
    await this.out.write(file.writer.drain());
  }
}

/** A cheap estimate of a converted row's size in memory (strings and bytes by length, 16 per scalar). */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length;
  if (value instanceof Uint8Array) return 16 + value.length;
  if (Array.isArray(value)) {
    let n = 16;
    for (const v of value) n += sizeOf(v);
    return n;
  }
  if (value !== null && typeof value === 'object') {
    let n = 16;
    for (const v of Object.values(value)) n += sizeOf(v);
    return n;
  }
  return 16;
}
