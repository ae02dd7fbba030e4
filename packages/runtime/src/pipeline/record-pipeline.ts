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
      const result = await this.#processOne(fetched);
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

  async #processOne(fetched: FetchedRecord): Promise<SinkRecord | ProcessingFailure | null> {
    const s = this.#stages;
    const headers = new Headers();
    for (const [key, value] of fetched.headers) headers.add(key, value, Schema.OPTIONAL_BYTES_SCHEMA);
    const fail = (stage: Stage, className: string, error: unknown): ProcessingFailure => ({
      record: fetched,
      stage,
      className,
      error: error instanceof Error ? error : new Error(String(error)),
    });
    let key: SchemaAndValue;
    try {
      const k = s.keyConverter.toConnectData(fetched.topic, headers, fetched.key);
      key = k instanceof Promise ? await k : k;
    } catch (error) {
      return fail('KEY_CONVERTER', s.keyConverterClass, error);
    }
    let value: SchemaAndValue;
    try {
      const v = s.valueConverter.toConnectData(fetched.topic, headers, fetched.value);
      value = v instanceof Promise ? await v : v;
    } catch (error) {
      return fail('VALUE_CONVERTER', s.valueConverterClass, error);
    }
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
      return fail(
        'TRANSFORMATION',
        step?.className ?? 'unknown',
        error instanceof TransformStepError ? error.original : error,
      );
    }
  }
}
