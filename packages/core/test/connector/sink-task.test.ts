import { describe, expect, it } from 'vitest';
import {
  type ConnectorProps,
  type OffsetAndMetadata,
  SinkkitError,
  type SinkRecord,
  SinkTask,
  type SinkTaskContext,
  type TopicPartition,
  TopicPartitionMap,
  topicPartition,
} from '../../src/index.js';
import { fakeContext, record } from './fixtures.js';

/** Records every call, the way a user's task would be driven by the runtime. */
class RecordingTask extends SinkTask {
  readonly calls: string[] = [];
  version = () => '1.0.0';
  start(props: ConnectorProps) {
    this.calls.push(`start ${props.topics}`);
  }
  override open(partitions: readonly TopicPartition[]) {
    this.calls.push(`open ${partitions.length}`);
    this.context.offset(partitions[0] as TopicPartition, 42n);
  }
  put(records: readonly SinkRecord[]) {
    this.calls.push(`put ${records.length}`);
  }
  override async flush(offsets: TopicPartitionMap<OffsetAndMetadata>) {
    await Promise.resolve();
    this.calls.push(`flush ${offsets.size}`);
  }
  stop() {
    this.calls.push('stop');
  }
  contextForTest(): SinkTaskContext {
    return this.context;
  }
}

describe('SinkTask', () => {
  it('runs through the lifecycle with the context the runtime gave it', async () => {
    const task = new RecordingTask();
    const context = fakeContext();
    task.initialize(context);
    await task.start({ topics: 'orders' });
    const tp = topicPartition('orders', 0);
    await task.open([tp]);
    expect(context.seeks).toEqual([['orders-0', 42n]]);
    await task.put([record(0n), record(1n)]);
    const offsets = new TopicPartitionMap<OffsetAndMetadata>([[tp, { offset: 2n }]]);
    const committable = await task.preCommit(offsets);
    await task.close([tp]);
    await task.stop();
    expect(task.calls).toEqual(['start orders', 'open 1', 'put 2', 'flush 1', 'stop']);
    expect(committable).toBe(offsets);
  });

  it('default preCommit flushes first, then returns the current offsets', async () => {
    const order: string[] = [];
    class Task extends SinkTask {
      version = () => 'x';
      start() {}
      put() {}
      stop() {}
      override async flush() {
        await new Promise((r) => setTimeout(r, 5));
        order.push('flushed');
      }
    }
    const offsets = new TopicPartitionMap<OffsetAndMetadata>([[topicPartition('t', 1), { offset: 2n ** 62n }]]);
    const result = await new Task().preCommit(offsets);
    order.push('returned');
    expect(order).toEqual(['flushed', 'returned']);
    expect(result.get(topicPartition('t', 1))?.offset).toBe(2n ** 62n);
  });

  it('default preCommit stays synchronous when flush is', () => {
    class Task extends SinkTask {
      version = () => 'x';
      start() {}
      put() {}
      stop() {}
    }
    const offsets = new TopicPartitionMap<OffsetAndMetadata>();
    expect(new Task().preCommit(offsets)).toBe(offsets);
  });

  it('refuses to use the context before initialize', () => {
    const error = (() => {
      try {
        new RecordingTask().contextForTest();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SinkkitError);
    expect((error as SinkkitError).code).toBe('TASK_NOT_INITIALIZED');
  });

  it('names the Connect topic properties', () => {
    expect([SinkTask.TOPICS_CONFIG, SinkTask.TOPICS_REGEX_CONFIG]).toEqual(['topics', 'topics.regex']);
  });
});
