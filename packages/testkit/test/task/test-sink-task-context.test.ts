import { type SinkRecord, SinkTask, type TopicPartition, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { TestSinkTaskContext } from '../../src/index.js';

/** A task that uses every part of its context, as real tasks do. */
class SeekingTask extends SinkTask {
  version() {
    return 'test';
  }
  start() {}
  override open(partitions: readonly TopicPartition[]) {
    this.context.offset(new TopicPartitionMap(partitions.map((tp) => [tp, 10n])));
    this.context.offset(partitions[0] as TopicPartition, 42n);
  }
  put(records: readonly SinkRecord[]) {
    if (records.length > 1) this.context.pause(...this.context.assignment());
    else this.context.resume(this.context.assignment()[1] as TopicPartition);
    this.context.requestCommit();
    this.context.timeout(250);
  }
  stop() {}
}

describe('TestSinkTaskContext', () => {
  it('records seeks, pauses, commit requests and timeouts, and answers configs and assignment', () => {
    const a = topicPartition('t', 0);
    const b = topicPartition('t', 1);
    const context = new TestSinkTaskContext({ configs: { x: '1' } });
    const task = new SeekingTask();
    task.initialize(context);
    expect(context.configs()).toEqual({ x: '1' });
    expect(context.errantRecordReporter()).toBeNull();

    context.assign([a, b]);
    task.open([a, b]);
    expect(context.offsets).toEqual(
      new Map([
        ['t-0', 42n],
        ['t-1', 10n],
      ]),
    );

    task.put([{} as SinkRecord, {} as SinkRecord]);
    expect([...context.paused]).toEqual(['t-0', 't-1']);
    task.put([{} as SinkRecord]);
    expect([...context.paused]).toEqual(['t-0']);
    expect(context.commitRequests).toBe(2);
    expect(context.lastTimeoutMs).toBe(250);
    expect(context.assignment()).toEqual([a, b]);
  });
});
