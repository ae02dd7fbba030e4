import { avroTypeOptions, compileConnectToAvro } from '@sinkkit/converters';
import {
  type ByteSink,
  ConfigDef,
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
import avro from 'avsc';
import { type AvroCodec, AvroContainer } from './avro-container.js';

export const avroConfigDef = () =>
  new ConfigDef()
    .define('avro.codec', {
      type: 'enum',
      values: ['null', 'deflate', 'snappy'],
      default: 'null',
      doc: "Compression of each Avro block (Confluent's key): null (none), deflate or snappy.",
    })
    .define('avro.deflate.level', {
      type: 'int',
      default: -1,
      validators: [range({ min: -1, max: 9 })],
      doc: 'zlib level for avro.codec=deflate, -1 (zlib default, 6) to 9.',
    })
    .define('avro.block.bytes', {
      type: 'int',
      default: 64_000,
      validators: [range({ min: 1, max: 64 * 1024 * 1024 })],
      doc: "Uncompressed bytes gathered into one block before it is compressed and handed to the storage: what the file holds in memory. Default 64000, Avro Java's sync interval.",
    });

interface Plan {
  readonly schemaJson: string;
  readonly type: avro.Type;
  write(value: unknown): unknown;
}

/**
 * Avro object container files (`.avro`), like Confluent's `AvroFormat`: the writer schema is the
 * Avro form of the records' Connect value schema (the same mapping as the `AvroConverter`,
 * `connect.*` properties included, so files carry what the registry would), every block
 * compressed with `avro.codec` and handed to the storage as soon as it holds `avro.block.bytes`.
 * The storage sink starts a new file when the value schema changes, so each file has one
 * writer schema. Schemaless records use `format.schemaless.schema` or a schema inferred from
 * the file's first records. A value that does not fit is a `DataError` naming the record.
 */
export class AvroFormat implements Format {
  static readonly CLASS_NAMES = [
    'AvroFormat',
    'avro',
    'io.confluent.connect.s3.format.avro.AvroFormat',
    'io.confluent.connect.gcs.format.avro.AvroFormat',
    'io.confluent.connect.azure.storage.format.avro.AvroFormat',
  ] as const;

  #codec: AvroCodec = 'null';
  #level = -1;
  #blockBytes = 64_000;
  #schemaless: Schema | null = null;
  #inferRecords = 1000;

  configure(config: PluginConfigs): void {
    const parsed = avroConfigDef().parse(config);
    this.#codec = parsed.get('avro.codec') as AvroCodec;
    this.#level = parsed.get('avro.deflate.level');
    this.#blockBytes = parsed.get('avro.block.bytes');
    this.#schemaless = parseSchemalessSchema(config);
    this.#inferRecords = parseInferRecords(config);
  }

  config() {
    return avroConfigDef().include(schemalessConfigDef());
  }

  recordWriterProvider(): RecordWriterProvider {
    const plans = new WeakMap<Schema, Plan>();
    const planFor = (schema: Schema): Plan => {
      let plan = plans.get(schema);
      if (!plan) {
        const compiled = compileConnectToAvro(schema);
        const type = avro.Type.forSchema(compiled.avro as avro.Schema, avroTypeOptions());
        plan = { schemaJson: compiled.text, type, write: compiled.write };
        plans.set(schema, plan);
      }
      return plan;
    };
    return {
      extension: '.avro',
      open: (out: ByteSink, context: RecordWriterContext): RecordWriter =>
        new AvroRecordWriter(
          out,
          new AvroContainer(this.#codec, this.#level),
          this.#blockBytes,
          new SchemalessValues(context.schema, this.#schemaless, this.#inferRecords),
          planFor,
        ),
    };
  }
}

class AvroRecordWriter implements RecordWriter {
  #plan: Plan | undefined;
  #parts: Buffer[] = [];
  #bytes = 0;
  #pending: Buffer[] = [];

  constructor(
    private readonly out: ByteSink,
    private readonly container: AvroContainer,
    private readonly blockBytes: number,
    private readonly values: SchemalessValues,
    private readonly planFor: (schema: Schema) => Plan,
  ) {}

  get bufferedBytes(): number {
    return this.#bytes + this.values.heldBytes;
  }

  write(record: SinkRecord): Promise<void> | undefined {
    for (const { record: r, value } of this.values.add(record)) this.#encode(r, value);
    return this.#bytes >= this.blockBytes ? this.#flush() : undefined;
  }

  async commit(): Promise<void> {
    for (const { record, value } of this.values.flush()) this.#encode(record, value);
    if (!this.#plan) {
      // A file with no records still needs a schema to be valid Avro: the file's, if known.
      const schema = this.values.schema;
      if (!schema) return;
      this.#start(schema);
    }
    await this.#flush();
  }

  abort(): void {
    this.#parts = [];
    this.#pending = [];
    this.#bytes = 0;
  }

  #start(schema: Schema): Plan {
    this.#plan = this.planFor(schema);
    this.#pending.push(this.container.header(this.#plan.schemaJson));
    return this.#plan;
  }

  #encode(record: SinkRecord, value: unknown): void {
    const schema = record.valueSchema ?? this.values.schema;
    if (!schema) throw DataError.at(record, new DataError('Avro needs a value schema'));
    try {
      const plan = this.#plan ?? this.#start(schema);
      const encoded = plan.type.toBuffer(plan.write(value));
      this.#parts.push(encoded);
      this.#bytes += encoded.length;
    } catch (error) {
      throw DataError.at(record, error);
    }
  }

  async #flush(): Promise<void> {
    const chunks = this.#pending;
    this.#pending = [];
    if (this.#parts.length > 0) {
      chunks.push(this.container.block(this.#parts.length, Buffer.concat(this.#parts, this.#bytes)));
      this.#parts = [];
      this.#bytes = 0;
    }
    if (chunks.length > 0) await this.out.write(Buffer.concat(chunks));
  }
}
