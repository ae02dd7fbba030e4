import type { RecordWriter, RecordWriterProvider, Schema, SinkRecord, Storage, TopicPartition } from '@sinkkit/core';
import type { WalFile } from '@sinkkit/wal';
import type { CompanionFormat } from '../companions/companion-format.js';
import { ViewWriter } from '../companions/view-writer.js';
import { companionKey } from '../naming/file-namer.js';
import type { FileStats } from '../rotation/rotation-policy.js';
import { ChecksummedStagedWriter } from './checksummed-staged-writer.js';
import { DeferredStagedWriter } from './deferred-staged-writer.js';

/** A staged upload and the format writer streaming into it. */
interface Part {
  readonly staged: ChecksummedStagedWriter;
  readonly writer: RecordWriter;
}

/**
 * One file being written: a format's `RecordWriter` streaming into a staged upload, plus the
 * bookkeeping the WAL entry needs. Invisible at its key until the batch's entry is committed
 * and the file finalized. With companions (`store.kafka.keys`, `store.kafka.headers`) it is a
 * group of files written record for record: the value file and, beside it, a file per
 * companion, staged together and closed together into WAL files of the same entry, so they
 * become visible (or are rolled forward, or aborted) together.
 */
export class OpenFile implements FileStats {
  readonly key: string;
  readonly schema: Schema | null;
  readonly startOffset: bigint;
  endOffset: bigint;
  recordCount = 0;
  readonly #value: Part;
  readonly #companions: readonly Part[];
  /** With `file.name.end.offset`: the final keys (value file first), known once the last offset is. */
  #finalKeys: ((endOffset: bigint) => string[]) | undefined;

  private constructor(value: Part, companions: readonly Part[], schema: Schema | null, startOffset: bigint) {
    this.key = value.staged.key;
    this.#value = value;
    this.#companions = companions;
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
    companions: readonly CompanionFormat[] = [],
    finalKey?: (endOffset: bigint) => string,
  ): Promise<OpenFile> {
    const schema = first.valueSchema;
    const context = { topicPartition: tp, encodedPartition, key, schema };
    const keys = [key, ...companions.map((c) => companionKey(key, provider.extension, c.tag, c.provider.extension))];
    // With the end offset in the name, the key is known only at close: hold the bytes until then.
    // Each file is checksummed as it streams out, for the WAL entry (see ChecksummedStagedWriter).
    const open = (k: string) =>
      (finalKey ? Promise.resolve(new DeferredStagedWriter(storage, k)) : storage.openStaged(k)).then(
        (w) => new ChecksummedStagedWriter(w),
      );
    const opened = await Promise.allSettled(keys.map(open));
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) {
      // Nothing of the group may stay staged for long: abort what did open (recovery would too).
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.abort().catch(() => {}) : undefined)));
      throw failed.reason;
    }
    const staged = opened.map((o) => (o as PromiseFulfilledResult<ChecksummedStagedWriter>).value);
    const [valueStaged, ...companionStaged] = staged as [ChecksummedStagedWriter, ...ChecksummedStagedWriter[]];
    const value = { staged: valueStaged, writer: provider.open(valueStaged, context) };
    const parts = companions.map((c, i) => {
      const out = companionStaged[i] as ChecksummedStagedWriter;
      return { staged: out, writer: new ViewWriter(out, { ...context, key: out.key }, c.provider, c.view) };
    });
    const file = new OpenFile(value, parts, schema, first.kafkaOffset);
    if (finalKey) {
      file.#finalKeys = (end) => {
        const valueKey = finalKey(end);
        return [
          valueKey,
          ...companions.map((c) => companionKey(valueKey, provider.extension, c.tag, c.provider.extension)),
        ];
      };
    }
    return file;
  }

  /** Bytes the formats hold in memory (the value file's and its companions'): what the task's memory budget counts. */
  get bufferedBytes(): number {
    let bytes = 0;
    for (const { staged, writer } of [this.#value, ...this.#companions]) {
      bytes += writer.bufferedBytes + (staged instanceof DeferredStagedWriter ? staged.heldBytes : 0);
    }
    return bytes;
  }

  /** The value file's size so far (written plus buffered): what `file.max.bytes` limits. */
  get bytes(): number {
    return this.#value.staged.bytesWritten + this.#value.writer.bufferedBytes;
  }

  /** Writes `record` to the value file and its companions; a promise only when a format has to wait. */
  write(record: SinkRecord): Promise<void> | undefined {
    if (this.#companions.length > 0) return this.#writeGroup(record);
    const writing = this.#value.writer.write(record);
    if (!writing) return this.#counted(record);
    return writing.then(() => this.#counted(record));
  }

  async #writeGroup(record: SinkRecord): Promise<void> {
    await this.#value.writer.write(record);
    for (const c of this.#companions) await c.writer.write(record);
    this.#counted(record);
  }

  #counted(record: SinkRecord): undefined {
    this.recordCount += 1;
    this.endOffset = record.kafkaOffset;
    return undefined;
  }

  /**
   * Flushes the formats and closes the staged uploads: the files as the WAL entry lists them,
   * the value file first, then its companions (same record count and offsets).
   */
  async close(): Promise<WalFile[]> {
    const files: WalFile[] = [];
    const finalKeys = this.#finalKeys?.(this.endOffset);
    for (const [i, { staged, writer }] of [this.#value, ...this.#companions].entries()) {
      await writer.commit();
      const finalKey = finalKeys?.[i];
      const upload = await staged.closeWith((inner) =>
        finalKey !== undefined && inner instanceof DeferredStagedWriter ? inner.closeAs(finalKey) : inner.close(),
      );
      files.push({
        ...upload,
        recordCount: this.recordCount,
        startOffset: this.startOffset,
        endOffset: this.endOffset,
      });
    }
    return files;
  }

  /** Discards the files' data; never throws (clean-up after a crash does the rest). */
  async abort(): Promise<void> {
    await Promise.all(
      [this.#value, ...this.#companions].map(async ({ staged, writer }) => {
        writer.abort();
        await staged.abort().catch(() => {});
      }),
    );
  }
}
