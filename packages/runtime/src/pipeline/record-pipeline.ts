import {
  type Converter,
  DataError,
  type HeaderConverter,
  Headers,
  isRetriable,
  type MaybePromise,
  Schema,
  type SchemaAndValue,
  SinkRecord,
} from '@sinkkit/core';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { ConversionRetry } from './conversion-retry.js';
import type { ProcessingFailure, Stage } from './processing-failure.js';
import { applyTransforms, type TransformStep, TransformStepError } from './transform-chain.js';

/** The plugins a {@link RecordPipeline} runs, already configured. */
export interface PipelineStages {
  keyConverter: Converter;
  keyConverterClass: string;
  valueConverter: Converter;
  valueConverterClass: string;
  /** `header.converter`; without one, header values stay bytes (optional bytes schema). */
  headerConverter?: HeaderConverter;
  headerConverterClass?: string;
  transforms: readonly TransformStep[];
  /** Retries of stages failing with a retriable error (`errors.retry.*`); none without it. */
  retry?: ConversionRetry;
}

type Outcome = SinkRecord | ProcessingFailure | null;

/** What one batch became: records for `put`, and those that failed (in offset order). */
export interface PipelineResult {
  readonly records: SinkRecord[];
  readonly failures: ProcessingFailure[];
}

// Stages in Kafka Connect's order (WorkerSinkTask.convertAndTransformRecord).
const KEY = 0;
const VALUE = 1;
const HEADERS = 2;
const TRANSFORMS = 3;

/**
 * Bytes → key, value and header converters → transformations → `SinkRecord`, Kafka Connect's
 * conversion path. It never decides what a failure means: failures are returned with their
 * stage and the record's original bytes, and the runner applies `errors.tolerance`. A stage
 * failing with a retriable error is first retried for `errors.retry.timeout` (see
 * {@link ConversionRetry}).
 *
 * Key and value converters see the headers as fetched (bytes), as Connect's see the Kafka
 * headers; the record carries them as the header converter decoded them.
 */
export class RecordPipeline {
  readonly #stages: PipelineStages;
  #withhold: ((records: readonly FetchedRecord[]) => readonly FetchedRecord[]) | undefined;
  // Maps each record handed to put back to its fetched bytes, for the dead-letter queue of the
  // errant-record reporter; only kept once asked for (see trackOrigins): the weak map's entries
  // cost the garbage collector more than everything else the pipeline does per record.
  #origins: WeakMap<SinkRecord, FetchedRecord> | undefined;

  constructor(stages: PipelineStages) {
    this.#stages = stages;
  }

  /**
   * Records `filter` leaves out are neither converted nor returned: the runner gives it the task
   * context's `withholdPaused`, so records of partitions the task paused never reach `put`.
   */
  withholdWith(filter: (records: readonly FetchedRecord[]) => readonly FetchedRecord[]): void {
    this.#withhold = filter;
  }

  /**
   * Keeps, from now on, which fetched record each `SinkRecord` was made from, for
   * {@link originOf}. Without this call `originOf` finds nothing.
   */
  trackOrigins(): void {
    this.#origins ??= new WeakMap();
  }

  /** Converts `records` (of any partitions); records dropped by a transformation are left out. */
  async process(fetched: readonly FetchedRecord[]): Promise<PipelineResult> {
    const records = this.#withhold ? this.#withhold(fetched) : fetched;
    const out: SinkRecord[] = [];
    const failures: ProcessingFailure[] = [];
    const origins = this.#origins;
    for (const fetched of records) {
      // Synchronous unless a stage returns a promise or fails: no await (and no microtask) per record.
      let result = this.#processOne(fetched);
      if (result instanceof Promise) result = await result;
      if (result instanceof SinkRecord) {
        origins?.set(result, fetched);
        out.push(result);
      } else if (result !== null) failures.push(result);
    }
    return { records: out, failures };
  }

  /**
   * Ends retry waits at once and retries no more (the runner is stopping): the record being
   * retried comes back as a failure, and the runner, seeing that it stops, delivers nothing of
   * the batch and commits nothing past it.
   */
  interrupt(): void {
    this.#stages.retry?.interrupt();
  }

  /** The fetched record a `SinkRecord` from {@link process} was made from, once {@link trackOrigins} was called. */
  originOf(record: SinkRecord): FetchedRecord | undefined {
    return this.#origins?.get(record);
  }

  async close(): Promise<void> {
    for (const step of this.#stages.transforms) {
      step.transformation.close();
      step.predicate?.close();
    }
    await this.#stages.keyConverter.close?.();
    await this.#stages.valueConverter.close?.();
    this.#stages.headerConverter?.close?.();
  }

  // The common case, every stage synchronous and successful, allocates no closure or promise;
  // the first stage that returns a promise or throws hands over to #resume.
  #processOne(fetched: FetchedRecord): Outcome | Promise<Outcome> {
    const s = this.#stages;
    const raw = bytesHeaders(fetched);
    let key: MaybePromise<SchemaAndValue>;
    try {
      key = s.keyConverter.toConnectData(fetched.topic, raw, fetched.key);
    } catch (error) {
      key = Promise.reject(error);
    }
    if (key instanceof Promise) return this.#resume(fetched, raw, KEY, key);
    let value: MaybePromise<SchemaAndValue>;
    try {
      value = s.valueConverter.toConnectData(fetched.topic, raw, fetched.value);
    } catch (error) {
      value = Promise.reject(error);
    }
    if (value instanceof Promise) return this.#resume(fetched, raw, VALUE, value, key);
    let headers: Headers;
    try {
      headers = this.#convertHeaders(fetched, raw);
    } catch (error) {
      return this.#resume(fetched, raw, HEADERS, Promise.reject(error), key, value);
    }
    const record = this.#record(fetched, key, value, headers);
    if (s.transforms.length === 0) return record;
    try {
      return applyTransforms(s.transforms, record);
    } catch (error) {
      return this.#resume(fetched, raw, TRANSFORMS, Promise.reject(error), key, value, headers);
    }
  }

  /** Continues at stage `from`, whose first attempt is `pending`, retrying where allowed. */
  async #resume(
    fetched: FetchedRecord,
    raw: Headers,
    from: number,
    pending: Promise<unknown>,
    key?: SchemaAndValue,
    value?: SchemaAndValue,
    headers?: Headers,
  ): Promise<Outcome> {
    const s = this.#stages;
    const first = <T>(stage: number) => (stage === from ? (pending as Promise<T>) : undefined);
    try {
      if (from <= KEY) {
        key = await this.#attempt(fetched, 'KEY_CONVERTER', s.keyConverterClass, first(KEY), () =>
          s.keyConverter.toConnectData(fetched.topic, raw, fetched.key),
        );
      }
      if (from <= VALUE) {
        value = await this.#attempt(fetched, 'VALUE_CONVERTER', s.valueConverterClass, first(VALUE), () =>
          s.valueConverter.toConnectData(fetched.topic, raw, fetched.value),
        );
      }
      if (from <= HEADERS) {
        headers = await this.#attempt(fetched, 'HEADER_CONVERTER', this.#headerClass(), first(HEADERS), () =>
          this.#convertHeaders(fetched, raw),
        );
      }
      const record = this.#record(fetched, key as SchemaAndValue, value as SchemaAndValue, headers as Headers);
      if (s.transforms.length === 0) return record;
      return await this.#attempt(fetched, 'TRANSFORMATION', 'unknown', first(TRANSFORMS), () =>
        applyTransforms(s.transforms, record),
      );
    } catch (error) {
      if (error instanceof StageFailed) return error.failure;
      throw error;
    }
  }

  /** `pending` (or `operation`), retried while retriable; a failure is thrown as {@link StageFailed}. */
  async #attempt<T>(
    fetched: FetchedRecord,
    stage: Stage,
    className: string,
    pending: Promise<T> | undefined,
    operation: () => MaybePromise<T>,
  ): Promise<T> {
    try {
      return await (pending ?? operation());
    } catch (error) {
      let last = error;
      const retry = this.#stages.retry;
      if (retry?.applies(error)) {
        try {
          return await retry.run(operation, error, {
            stage,
            topic: fetched.topic,
            partition: fetched.partition,
            offset: fetched.offset.toString(),
          });
        } catch (retried) {
          last = retried;
        }
      }
      throw new StageFailed(failure(fetched, stage, className, last));
    }
  }

  #convertHeaders(fetched: FetchedRecord, raw: Headers): Headers {
    const converter = this.#stages.headerConverter;
    // No headers, or no converter: the bytes the converters saw are the record's headers.
    if (fetched.headers.length === 0 || converter === undefined) return raw;
    const headers = new Headers();
    for (const [key, bytes] of fetched.headers) {
      try {
        const converted = converter.toConnectHeader(fetched.topic, key, bytes);
        headers.add(key, converted.value, converted.schema);
      } catch (error) {
        if (isRetriable(error)) throw error;
        const reason = error instanceof DataError ? error.reason : (error as Error).message;
        throw new DataError(`Header '${key}' could not be converted by ${this.#headerClass()}: ${reason}`, {
          topic: fetched.topic,
          partition: fetched.partition,
          offset: fetched.offset,
          cause: error,
        });
      }
    }
    return headers;
  }

  #headerClass(): string {
    return this.#stages.headerConverterClass ?? 'unknown';
  }

  #record(fetched: FetchedRecord, key: SchemaAndValue, value: SchemaAndValue, headers: Headers): SinkRecord {
    return new SinkRecord({
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
  }
}

/** Carries a stage's failure out of {@link RecordPipeline}'s slow path. */
class StageFailed extends Error {
  constructor(readonly failure: ProcessingFailure) {
    super(failure.error.message);
  }
}

function bytesHeaders(fetched: FetchedRecord): Headers {
  const headers = new Headers();
  for (const [key, value] of fetched.headers) headers.add(key, value, Schema.OPTIONAL_BYTES_SCHEMA);
  return headers;
}

function failure(record: FetchedRecord, stage: Stage, className: string, error: unknown): ProcessingFailure {
  // A transformation's failure names the step that failed, and keeps the step's own error.
  if (error instanceof TransformStepError) {
    return { record, stage, className: error.step.className, error: error.original };
  }
  return { record, stage, className, error: error instanceof Error ? error : new Error(String(error)) };
}
