// Child process of the runtime-overhead scenario: args are bootstrap servers, topic, expected
// record count. A SinkTask that only counts, driven by the full @sinkkit/runtime.
import { type SinkRecord, SinkTask, type TopicPartition } from '@sinkkit/core';
import { SinkRunner, silentLogger } from '@sinkkit/runtime';
import { runInChild } from '../in-child.js';
import { runtimeProps } from '../sink/runtime-props.js';
import { untilDone } from '../sink/until-done.js';

/** Counts what reaches `put`; the clock starts at the first `open` (the group joined) and stops at the last record. */
class CountingTask extends SinkTask {
  records = 0;
  bytes = 0;
  startedAt: number | undefined;
  endedAt: number | undefined;
  readonly #expected: number;
  readonly #onDone: () => void;

  constructor(expected: number, onDone: () => void) {
    super();
    this.#expected = expected;
    this.#onDone = onDone;
  }

  version(): string {
    return 'bench';
  }

  start(): void {}

  override open(_partitions: readonly TopicPartition[]): void {
    this.startedAt ??= performance.now();
  }

  put(records: readonly SinkRecord[]): void {
    for (const record of records) this.bytes += (record.value as Uint8Array | null)?.length ?? 0;
    this.records += records.length;
    if (this.records >= this.#expected && this.endedAt === undefined) {
      this.endedAt = performance.now();
      this.#onDone();
    }
  }

  stop(): void {}
}

await runInChild(async ([bootstrapServers = '', topic = '', count = '']) => {
  const done = untilDone();
  const task = new CountingTask(Number(count), done.settle);
  const runner = new SinkRunner({ task, logger: silentLogger, config: runtimeProps(bootstrapServers, topic) });
  await runner.start();
  try {
    await done.wait(runner, () => `the task got ${task.records} of ${count} records`);
  } finally {
    await runner.stop();
  }
  return {
    records: task.records,
    bytes: task.bytes,
    seconds: ((task.endedAt ?? performance.now()) - (task.startedAt ?? 0)) / 1000,
  };
});
