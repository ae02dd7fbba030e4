import { type Converter, Headers, Schema, type SchemaAndValue, SinkRecord } from '@sinkkit/core';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { ProcessingFailure, Stage } from './processing-failure.js';
import { applyTransforms, type TransformStep, TransformStepError } from './transform-chain.js';

/** The plugins a {@link RecordPipeline} runs, already configured. */
export interface PipelineStages {
  keyConverter: Converter;
  keyConverterClass: string;
  valueConverter: Converter;
  valueConverterClass: string;
  transforms: readonly TransformStep[];
}

type Outcome = SinkRecord | ProcessingFailure | null;

/** What one batch became: records for `put`, and those that failed (in offset order). */
export interface PipelineResult {
  readonly records: SinkRecord[];
  readonly failures: ProcessingFailure[];
}

/**
 * Bytes → converters → transformations → `SinkRecord`, Kafka Connect's conversion path. It
 * never decides what a failure means: failures are returned with their stage and the record's
 * original bytes, and the runner applies `errors.tolerance`.
 *
 * Header values stay bytes (optional bytes schema): there is no header converter yet, and bytes
 * are lossless for whichever one comes.
 */
export class RecordPipeline {
  readonly #stages: PipelineStages;
  // Maps each record handed to put back to its fetched bytes, for the errant-record reporter.
  #origins = new WeakMap<SinkRecord, FetchedRecord>();

  constructor(stages: PipelineStages) {
    this.#stages = stages;
  }

  /** Converts `records` (of any partitions); records dropped by a transformation are left out. */
  async process(records: readonly FetchedRecord[]): Promise<PipelineResult> {
    const out: SinkRecord[] = [];
    const failures: ProcessingFailure[] = [];
    for (const fetched of records) {
      // Synchronous unless a converter returns a promise: no await (and no microtask) per record.
      let result = this.#processOne(fetched);
      if (result instanceof Promise) result = await result;
      if (result instanceof SinkRecord) {
        this.#origins.set(result, fetched);
        out.push(result);
      } else if (result !== null) failures.push(result);
    }
    return { records: out, failures };
  }

  /** The fetched record a `SinkRecord` from {@link process} was made from. */
  originOf(record: SinkRecord): FetchedRecord | undefined {
    return this.#origins.get(record);
  }

  async close(): Promise<void> {
    for (const step of this.#stages.transforms) {
      step.transformation.close();
      step.predicate?.close();
    }
    await this.#stages.keyConverter.close?.();
    await this.#stages.valueConverter.close?.();
  }

  #processOne(fetched: FetchedRecord): Outcome | Promise<Outcome> {
    const s = this.#stages;
    const headers = new Headers();
    for (const [key, value] of fetched.headers) headers.add(key, value, Schema.OPTIONAL_BYTES_SCHEMA);
    let key: SchemaAndValue | Promise<SchemaAndValue>;
    try {
      key = s.keyConverter.toConnectData(fetched.topic, headers, fetched.key);
    } catch (error) {
      return failure(fetched, 'KEY_CONVERTER', s.keyConverterClass, error);
    }
    if (key instanceof Promise) {
      return key.then(
        (k) => this.#withKey(fetched, headers, k),
        (error: unknown) => failure(fetched, 'KEY_CONVERTER', s.keyConverterClass, error),
      );
    }
    return this.#withKey(fetched, headers, key);
  }

  #withKey(fetched: FetchedRecord, headers: Headers, key: SchemaAndValue): Outcome | Promise<Outcome> {
    const s = this.#stages;
    let value: SchemaAndValue | Promise<SchemaAndValue>;
    try {
      value = s.valueConverter.toConnectData(fetched.topic, headers, fetched.value);
    } catch (error) {
      return failure(fetched, 'VALUE_CONVERTER', s.valueConverterClass, error);
    }
    if (value instanceof Promise) {
      return value.then(
        (v) => this.#build(fetched, headers, key, v),
        (error: unknown) => failure(fetched, 'VALUE_CONVERTER', s.valueConverterClass, error),
      );
    }
    return this.#build(fetched, headers, key, value);
  }

  #build(fetched: FetchedRecord, headers: Headers, key: SchemaAndValue, value: SchemaAndValue): Outcome {
    const s = this.#stages;
    const record = new SinkRecord({
      topic: fetched.topic,
      kafkaPartition: fetched.partition,
      kafkaOffset: fetched.offset,
      key: key.value,
      keySchema: key.schema,
      value: value.value,
      valueSchema: value.schema,
      timestamp: fetched.timestamp,
      timestampType: fetched.timestampType,
      headers,
    });
    if (s.transforms.length === 0) return record;
    try {
      return applyTransforms(s.transforms, record);
    } catch (error) {
      const step = error instanceof TransformStepError ? error.step : undefined;
      return failure(
        fetched,
        'TRANSFORMATION',
        step?.className ?? 'unknown',
        error instanceof TransformStepError ? error.original : error,
      );
    }
  }
}

function failure(record: FetchedRecord, stage: Stage, className: string, error: unknown): ProcessingFailure {
  return { record, stage, className, error: error instanceof Error ? error : new Error(String(error)) };
}
