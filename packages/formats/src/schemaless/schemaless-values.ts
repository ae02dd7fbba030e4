import { DataError, type Schema, type SinkRecord } from '@sinkkit/core';
import { InferenceError, inferSchema } from './infer-schema.js';
import { toConnectValue } from './to-connect-value.js';

/**
 * Gives a schema-needing writer (Avro, Parquet) one Connect schema per file and Connect values
 * for its records: the file's value schema when records carry one; else the configured
 * schemaless schema; else one inferred from the file's first `inferRecords` records, which are
 * held (raw) until then. Records that do not fit are `DataError`s naming the record.
 */
export class SchemalessValues {
  readonly #configured: Schema | null;
  readonly #inferRecords: number;
  #schema: Schema | null;
  #held: SinkRecord[] = [];
  #heldBytes = 0;

  constructor(fileSchema: Schema | null, configured: Schema | null, inferRecords: number) {
    this.#schema = fileSchema;
    this.#configured = configured;
    this.#inferRecords = inferRecords;
  }

  /** The file's schema once known. */
  get schema(): Schema | null {
    return this.#schema ?? this.#configured;
  }

  /** A rough size of the raw records held for inference. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /**
   * Takes `record`; returns the records now ready to encode with their Connect values (none
   * while inference is still sampling).
   */
  add(record: SinkRecord): { record: SinkRecord; value: unknown }[] {
    const schema = this.schema;
    if (schema) return [{ record, value: this.#convert(record, schema) }];
    this.#held.push(record);
    this.#heldBytes += 64 + estimate(record.value);
    return this.#held.length >= this.#inferRecords ? this.flush() : [];
  }

  /** Infers the schema from the held records (if any) and returns them converted. */
  flush(): { record: SinkRecord; value: unknown }[] {
    if (this.#held.length === 0) return [];
    const held = this.#held;
    this.#held = [];
    this.#heldBytes = 0;
    try {
      this.#schema = inferSchema(held.map((r) => r.value));
    } catch (error) {
      // Blame the record that broke the common schema, so only it goes to errors.tolerance.
      const index = error instanceof InferenceError ? error.index : 0;
      throw DataError.at(held[index] as SinkRecord, error);
    }
    const schema = this.#schema;
    return held.map((record) => ({ record, value: this.#convert(record, schema) }));
  }

  #convert(record: SinkRecord, schema: Schema): unknown {
    if (record.valueSchema) return record.value;
    try {
      return toConnectValue(record.value, schema);
    } catch (error) {
      throw DataError.at(record, error);
    }
  }
}

function estimate(value: unknown): number {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? 0 : v))?.length ?? 8;
  } catch {
    return 1024;
  }
}
