import type {
  RecordWriter,
  RecordWriterProvider,
  Schema,
  SinkRecord,
  StagedWriter,
  Storage,
  TopicPartition,
} from '@sinkkit/core';
import type { WalFile } from '@sinkkit/wal';
import type { FileStats } from '../rotation/rotation-policy.js';

/**
 * One file being written: a format's `RecordWriter` streaming into a staged upload, plus the
 * bookkeeping the WAL entry needs. Invisible at its key until the batch's entry is committed
 * and the file finalized.
 */
export class OpenFile implements FileStats {
  readonly key: string;
  readonly schema: Schema | null;
  readonly startOffset: bigint;
  endOffset: bigint;
  recordCount = 0;
  readonly #staged: StagedWriter;
  readonly #writer: RecordWriter;

  private constructor(staged: StagedWriter, writer: RecordWriter, schema: Schema | null, startOffset: bigint) {
    this.key = staged.key;
    this.#staged = staged;
    this.#writer = writer;
    this.schema = schema;
    this.startOffset = startOffset;
    this.endOffset = startOffset;
  }

  static async open(
    storage: Storage,
    provider: RecordWriterProvider,
    key: string,
    tp: TopicPartition,
    encodedPartition: string,
    first: SinkRecord,
  ): Promise<OpenFile> {
    const staged = await storage.openStaged(key);
    const schema = first.valueSchema;
    const writer = provider.open(staged, { topicPartition: tp, encodedPartition, key, schema });
    return new OpenFile(staged, writer, schema, first.kafkaOffset);
  }

  /** Bytes the format holds in memory: what the task's memory budget counts. */
  get bufferedBytes(): number {
    return this.#writer.bufferedBytes;
  }

  get bytes(): number {
    return this.#staged.bytesWritten + this.#writer.bufferedBytes;
  }

  async write(record: SinkRecord): Promise<void> {
    await this.#writer.write(record);
    this.recordCount += 1;
    this.endOffset = record.kafkaOffset;
  }

  /** Flushes the format and closes the staged upload: the file as the WAL entry lists it. */
  async close(): Promise<WalFile> {
    await this.#writer.commit();
    const upload = await this.#staged.close();
    return { ...upload, recordCount: this.recordCount, startOffset: this.startOffset, endOffset: this.endOffset };
  }

  /** Discards the file's data; never throws (clean-up after a crash does the rest). */
  async abort(): Promise<void> {
    this.#writer.abort();
    await this.#staged.abort().catch(() => {});
  }
}
