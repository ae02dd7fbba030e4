import {
  type Clock,
  type ConnectorProps,
  DataError,
  type Format,
  type OffsetAndMetadata,
  type Partitioner,
  type SinkRecord,
  SinkTask,
  type Storage,
  systemClock,
  type TopicPartition,
  TopicPartitionMap,
} from '@sinkkit/core';
import { forEachLimited, Wal } from '@sinkkit/wal';
import { companionFormats } from './companions/companion-format.js';
import { envelopeView } from './companions/envelope.js';
import { viewProvider } from './companions/view-writer.js';
import type { SinkPluginClasses } from './config/plugins.js';
import { loadSinkSettings } from './config/sink-settings.js';
import { type S3ClientLike, storageFromConfig } from './config/storage-from-config.js';
import { FileNamer } from './naming/file-namer.js';
import { RotationPolicy } from './rotation/rotation-policy.js';
import type { SchemaCompatibility } from './schema/schema-compatibility.js';
import { ResourceGovernor } from './writer/resource-governor.js';
import { TopicPartitionWriter, type WriterDeps } from './writer/topic-partition-writer.js';

export const VERSION = '0.1.0';

/**
 * Most topic-partitions committing at once when the wall-clock schedule falls due: their commits
 * are independent (one WAL each), and a schedule that ends a thousand files at once would
 * otherwise finalize them one partition after another.
 */
const SCHEDULE_CONCURRENCY = 8;

/**
 * What can be given in code rather than named in the configuration. Anything given wins over
 * the corresponding keys: a `storage` makes `store.url` unnecessary, an `s3Client` is used for
 * `s3://` URLs instead of one built from the `s3.*` keys.
 */
export interface StorageSinkOptions extends SinkPluginClasses {
  readonly storage?: Storage;
  readonly s3Client?: S3ClientLike;
  readonly format?: Format;
  readonly partitioner?: Partitioner;
  /** Time for rotation and back-off. Default the system clock. */
  readonly clock?: Clock;
  /** Written into WAL entries for diagnosis. Default `<hostname>/<pid>`. */
  readonly writerId?: string;
}

/**
 * The exactly-once object-store sink task: one {@link TopicPartitionWriter} per assigned
 * partition, all sharing one memory budget and open-file limit. `open` recovers each
 * partition from its WAL and seeks there; `put` writes and rotates, each partition's commit
 * running in the background while the next records are written; `preCommit` waits for those
 * (`settle`) and reports only offsets covered by a committed WAL entry; `close` lets a commit
 * under way finish and discards uncommitted data (Kafka redelivers it to the next owner).
 */
export class StorageSinkTask extends SinkTask {
  readonly #options: StorageSinkOptions;
  readonly #writers = new TopicPartitionMap<TopicPartitionWriter>();
  #deps: WriterDeps | undefined;
  #governor: ResourceGovernor | undefined;
  /** Aborted by `stop`: the store built from the configuration stops retrying (STORAGE_STOPPED). */
  #stopping = new AbortController();

  constructor(options: StorageSinkOptions = {}) {
    super();
    this.#options = options;
  }

  version(): string {
    return VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const o = this.#options;
    const settings = await loadSinkSettings(props, { ...o, hasStorage: o.storage !== undefined });
    const c = settings.values;
    // A task started again after a stop gets a store that retries again.
    if (this.#stopping.signal.aborted) this.#stopping = new AbortController();
    const storage = o.storage ?? (await storageFromConfig(c, o.s3Client, { signal: this.#stopping.signal }));
    const clock = o.clock ?? systemClock;
    const valueProvider = settings.format.recordWriterProvider();
    const provider = settings.envelope ? viewProvider(valueProvider, envelopeView(settings.envelope)) : valueProvider;
    this.#governor = new ResourceGovernor(c['sink.memory.budget.bytes'], c['partitioner.max.open.files']);
    this.#deps = {
      storage,
      wal: new Wal(storage, {
        prefix: c['sink.wal.prefix'],
        ledgerPrefix: c['sink.ledger.prefix'],
        writerId: o.writerId,
        clock,
      }),
      provider,
      companions: companionFormats(
        settings.keysFormat?.recordWriterProvider(),
        settings.headersFormat?.recordWriterProvider(),
      ),
      partitioner: settings.partitioner,
      namer: new FileNamer({
        topicsDir: c['topics.dir'],
        directoryDelim: c['directory.delim'],
        fileDelim: c['file.delim'],
        zeroPadWidth: c['filename.offset.zero.pad.width'],
        extension: provider.extension,
        endOffset: c['file.name.end.offset'],
      }),
      policy: new RotationPolicy({
        flushSize: c['flush.size'],
        rotateIntervalMs: c['rotate.interval.ms'],
        rotateScheduleIntervalMs: c['rotate.schedule.interval.ms'],
        timeZone: c.timezone,
        fileMaxBytes: c['file.max.bytes'],
        schemaCompatibility: c['schema.compatibility'] as SchemaCompatibility,
        schemaPoolSize: c['sink.schema.pool.size'],
      }),
      governor: this.#governor,
      clock,
      nullValues: c['behavior.on.null.values'],
      walKeep: c['sink.wal.keep'],
      trimEvery: c['sink.wal.trim.every'],
      seek: (tp, offset) => this.context.offset(tp, offset),
      reportErrant: async (record, error) => {
        const reporter = this.context.errantRecordReporter();
        if (!reporter) throw DataError.at(record, error);
        await reporter.report(record, error);
      },
    };
  }

  override async open(partitions: readonly TopicPartition[]): Promise<void> {
    const deps = this.#requireStarted();
    await Promise.all(
      partitions.map(async (tp) => {
        const writer = this.#writers.get(tp) ?? new TopicPartitionWriter(tp, deps);
        this.#writers.set(tp, writer);
        deps.governor.register(writer);
        await writer.recover();
      }),
    );
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const writers = [...this.#writers.values()];
    for (const w of writers) w.beginPut();
    try {
      // Records come in runs of one partition (a fetch's batch): look the writer up only when the
      // partition changes, not once per record.
      let writer: TopicPartitionWriter | undefined;
      for (const record of records) {
        if (writer?.tp.partition !== record.originalKafkaPartition || writer.tp.topic !== record.originalTopic) {
          writer = this.#writers.get(record.originalTopicPartition);
          if (!writer)
            throw new Error(
              `put() got a record of ${record.originalTopic}-${record.originalKafkaPartition}, which was not opened`,
            );
        }
        const writing = writer.write(record);
        if (writing) await writing;
      }
      await forEachLimited(writers, SCHEDULE_CONCURRENCY, (w) => w.checkSchedule());
    } finally {
      for (const w of writers) w.endPut();
    }
  }

  override async preCommit(
    _current: TopicPartitionMap<OffsetAndMetadata>,
  ): Promise<TopicPartitionMap<OffsetAndMetadata>> {
    await this.settle();
    const out = new TopicPartitionMap<OffsetAndMetadata>();
    for (const [tp, writer] of this.#writers) {
      const offset = writer.committedOffset;
      if (offset !== undefined) out.set(tp, { offset });
    }
    return out;
  }

  override async close(partitions: readonly TopicPartition[]): Promise<void> {
    for (const tp of partitions) {
      const writer = this.#writers.get(tp);
      if (!writer) continue;
      this.#writers.delete(tp);
      this.#governor?.unregister(writer);
      await writer.close();
    }
  }

  /**
   * Commits what is due by the wall-clock schedule and waits for every commit under way (commits
   * run in the background, overlapping the next records): afterwards `preCommit` would report all
   * committed data. `preCommit` calls it; call it after a `put` to see its commits done.
   */
  async settle(): Promise<void> {
    await forEachLimited([...this.#writers.values()], SCHEDULE_CONCURRENCY, async (w) => {
      await w.checkSchedule();
      await w.settle();
    });
  }

  /**
   * Stops the store's retries first (a call in flight still runs to its end, within
   * `store.request.timeout.ms`), then closes every writer: with a store that cannot be reached the
   * task stops at once instead of retrying for minutes; what was not committed is read again from
   * Kafka. A Storage given in code is the caller's to stop.
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.close([...this.#writers.keys()]);
  }

  /** The writer of `tp`, for tests and diagnostics. */
  writer(tp: TopicPartition): TopicPartitionWriter | undefined {
    return this.#writers.get(tp);
  }

  /** Early commits forced by the memory budget and the open-file limit. */
  get pressureCommits(): Readonly<Record<'memory.budget' | 'max.open.files', number>> {
    return this.#governor?.pressureCommits ?? { 'memory.budget': 0, 'max.open.files': 0 };
  }

  #requireStarted(): WriterDeps {
    if (!this.#deps) throw new Error('StorageSinkTask used before start()');
    return this.#deps;
  }
}
