// Child process of the sink-* scenarios: one argument, a SinkSubject as JSON. The storage sink
// (StorageSinkTask) driven by the full @sinkkit/runtime, until every record is committed.
import { S3Client } from '@aws-sdk/client-s3';
import {
  type OffsetAndMetadata,
  type SinkRecord,
  type TopicPartition,
  type TopicPartitionMap,
  topicPartition,
} from '@sinkkit/core';
import { SinkRunner, silentLogger } from '@sinkkit/runtime';
import { type StorageSinkOptions, StorageSinkTask } from '@sinkkit/storage-sink';
import { runInChild } from '../in-child.js';
import { runtimeProps } from '../sink/runtime-props.js';
import type { SinkExtras, SinkSubject } from '../sink/sink-subject.js';
import { SpreadPartitioner } from '../sink/spread-partitioner.js';
import { type UntilDone, untilDone } from '../sink/until-done.js';

/**
 * The storage sink, timed: the clock starts at the first `open` (the group joined) and stops
 * when, after a `put`, every partition's committed offset (its WAL entry's `nextOffset`, what
 * `preCommit` reports) has reached the end of the partition.
 */
class TimedSinkTask extends StorageSinkTask {
  startedAt: number | undefined;
  writtenAt: number | undefined;
  committedAt: number | undefined;
  bytes = 0;
  readonly #partitions: readonly TopicPartition[];
  readonly #done: UntilDone;
  #taken = 0;
  readonly #records: number;
  readonly #valueBytes: number;

  constructor(
    options: StorageSinkOptions,
    partitions: readonly TopicPartition[],
    records: number,
    done: UntilDone,
    valueBytes = 0,
  ) {
    super(options);
    this.#partitions = partitions;
    this.#records = records;
    this.#done = done;
    this.#valueBytes = valueBytes;
  }

  override async open(partitions: readonly TopicPartition[]): Promise<void> {
    this.startedAt ??= performance.now();
    await super.open(partitions);
  }

  override async put(records: readonly SinkRecord[]): Promise<void> {
    await super.put(records);
    for (const record of records)
      this.bytes += typeof record.value === 'string' ? record.value.length : this.#valueBytes;
    this.#taken += records.length;
    if (this.#taken >= this.#records) {
      this.writtenAt ??= performance.now();
      await this.settle(); // commits run in the background: wait for the last ones
    }
    this.#checkCommitted();
  }

  // Wall-clock rotation commits from preCommit too (after the last put).
  override async preCommit(
    current: TopicPartitionMap<OffsetAndMetadata>,
  ): Promise<TopicPartitionMap<OffsetAndMetadata>> {
    const offsets = await super.preCommit(current);
    this.#checkCommitted();
    return offsets;
  }

  #checkCommitted(): void {
    // Not before every record was taken: reading every partition's offset after each put would
    // count the benchmark's own bookkeeping against the sink.
    if (this.#taken < this.#records) return;
    if (this.committedAt === undefined && this.committed() === this.#records) {
      this.committedAt = performance.now();
      this.#done.settle();
    }
  }

  /** Records covered by committed WAL entries, over every partition. */
  committed(): number {
    let sum = 0;
    // Offsets start at 0 on the benchmark's fresh topic: the committed offset is the record count.
    for (const tp of this.#partitions) sum += Number(this.writer(tp)?.committedOffset ?? 0n);
    return sum;
  }
}

await runInChild(async ([json = '{}']) => {
  const subject = JSON.parse(json) as SinkSubject;
  const partitions = Array.from({ length: subject.partitions }, (_, p) => topicPartition(subject.topic, p));
  const done = untilDone();
  const task = new TimedSinkTask(
    {
      ...(subject.s3 ? { s3Client: new S3Client(subject.s3) } : {}),
      ...(subject.spread ? { partitioner: new SpreadPartitioner(subject.spread) } : {}),
    },
    partitions,
    subject.records,
    done,
    subject.valueBytes,
  );
  const runner = new SinkRunner({
    task,
    logger: silentLogger,
    config: {
      ...runtimeProps(subject.bootstrapServers, subject.topic),
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      ...subject.sinkProps,
    },
  });
  let committed = 0;
  await runner.start();
  try {
    await done.wait(runner, () => `${task.committed()} of ${subject.records} records committed`);
    committed = task.committed(); // before stop() closes the writers
  } finally {
    await runner.stop();
  }
  const startedAt = task.startedAt ?? 0;
  const extras: SinkExtras = {
    writtenSeconds: ((task.writtenAt ?? Number.NaN) - startedAt) / 1000,
    pressureCommitsMemory: task.pressureCommits['memory.budget'],
    pressureCommitsOpenFiles: task.pressureCommits['max.open.files'],
  };
  process.stderr.write(`storage-sink child: ${JSON.stringify(extras)}\n`);
  return {
    records: committed,
    bytes: task.bytes,
    seconds: ((task.committedAt ?? performance.now()) - startedAt) / 1000,
    ...extras,
  };
});
