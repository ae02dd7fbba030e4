import type { MaybePromise } from '../connector/props.js';
import type { Schema } from '../data/schema.js';
import type { SinkRecord } from '../record/sink-record.js';
import type { TopicPartition } from '../record/topic-partition.js';

/**
 * Where a {@link RecordWriter} puts its bytes: in the storage sink, a `StagedWriter` streaming
 * into an invisible staged upload. Calls are sequential: await each `write` before the next.
 */
export interface ByteSink {
  /** Appends `chunk`; resolves when accepted (the sink applies backpressure here). */
  write(chunk: Uint8Array): Promise<void>;
}

/** What a {@link RecordWriter} is told about the file it writes. */
export interface RecordWriterContext {
  /** The topic-partition whose records go into the file. */
  readonly topicPartition: TopicPartition;
  /** The partitioner's encoded partition of every record in the file. */
  readonly encodedPartition: string;
  /** The final object key of the file (informational: the bytes go to `out`). */
  readonly key: string;
  /** The value schema of the file's first record; every record in the file has an equal one. `null`: schemaless. */
  readonly schema: Schema | null;
}

/**
 * Encodes records of one file into bytes, streaming them into a {@link ByteSink} as it goes so
 * that memory stays bounded however large the file grows (Confluent's `RecordWriter`).
 *
 * Lifecycle: `write`* then exactly one of `commit` or `abort`. After either, nothing else is
 * called. The writer never decides rotation; the sink does, from `bufferedBytes` and counts.
 */
export interface RecordWriter {
  /**
   * Encodes `record`. May keep bytes in memory and hand them to `out` later; returns a promise
   * only when it writes to `out` (so the common case costs no await). Throws a `DataError`
   * naming the record for a value the format cannot encode; the file is then aborted.
   */
  write(record: SinkRecord): MaybePromise<void>;

  /**
   * A cheap estimate of the bytes held in memory and not yet handed to `out` (encoder buffers,
   * compression state). The sink sums it over every open file against its memory budget, so it
   * must be O(1) to read and must not under-count by more than a small constant.
   */
  readonly bufferedBytes: number;

  /**
   * Finishes the file: flushes every buffered byte (and any trailer, e.g. a gzip footer or a
   * Parquet footer) into `out`. Resolves when `out` accepted all of it.
   */
  commit(): Promise<void>;

  /** Drops buffered bytes without writing them; the sink discards the staged upload itself. */
  abort(): void;
}
