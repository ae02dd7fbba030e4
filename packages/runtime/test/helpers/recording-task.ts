import {
  type ConnectorProps,
  type OffsetAndMetadata,
  type SinkRecord,
  SinkTask,
  type SinkTaskContext,
  type TopicPartition,
  type TopicPartitionMap,
  topicPartitionKey,
} from '@sinkkit/core';

/** One call into the task, in order. */
export type TaskEvent =
  | { kind: 'open' | 'close'; partitions: string[] }
  | { kind: 'put'; partition: string; offsets: bigint[] }
  | { kind: 'preCommit'; offsets: Record<string, bigint> }
  | { kind: 'start' | 'stop' };

/** A SinkTask that records every call, with hooks to make calls fail or seek. */
export class RecordingTask extends SinkTask {
  readonly events: TaskEvent[] = [];
  /** Every record received, in order. */
  readonly received: SinkRecord[] = [];
  onOpen: (partitions: readonly TopicPartition[], task: RecordingTask) => void = () => {};
  onPut: (records: readonly SinkRecord[], task: RecordingTask) => void = () => {};

  /** The runtime's context, for hooks. */
  get ctx(): SinkTaskContext {
    return this.context;
  }

  version(): string {
    return 'test';
  }

  start(_props: ConnectorProps): void {
    this.events.push({ kind: 'start' });
  }

  override open(partitions: readonly TopicPartition[]): void {
    this.events.push({ kind: 'open', partitions: partitions.map(topicPartitionKey).sort() });
    this.onOpen(partitions, this);
  }

  put(records: readonly SinkRecord[]): void {
    this.onPut(records, this);
    const byPartition = new Map<string, bigint[]>();
    for (const r of records) {
      const key = topicPartitionKey(r.originalTopicPartition);
      byPartition.set(key, [...(byPartition.get(key) ?? []), r.kafkaOffset]);
      this.received.push(r);
    }
    for (const [partition, offsets] of byPartition) this.events.push({ kind: 'put', partition, offsets });
  }

  override preCommit(
    current: TopicPartitionMap<OffsetAndMetadata>,
  ): TopicPartitionMap<OffsetAndMetadata> | Promise<TopicPartitionMap<OffsetAndMetadata>> {
    const offsets: Record<string, bigint> = {};
    for (const [tp, o] of current) offsets[topicPartitionKey(tp)] = o.offset;
    this.events.push({ kind: 'preCommit', offsets });
    return current;
  }

  override close(partitions: readonly TopicPartition[]): void {
    this.events.push({ kind: 'close', partitions: partitions.map(topicPartitionKey).sort() });
  }

  stop(): void {
    this.events.push({ kind: 'stop' });
  }

  /** Offsets received per partition, in delivery order. */
  offsetsByPartition(): Map<string, bigint[]> {
    const out = new Map<string, bigint[]>();
    for (const r of this.received) {
      const key = topicPartitionKey(r.originalTopicPartition);
      out.set(key, [...(out.get(key) ?? []), r.kafkaOffset]);
    }
    return out;
  }
}

/**
 * Checks the open/close/put protocol over a task's events: every put is for an open partition
 * (opened and not closed since), and open/close alternate per partition. Returns the violations.
 */
export function protocolViolations(events: readonly TaskEvent[]): string[] {
  const open = new Set<string>();
  const problems: string[] = [];
  for (const e of events) {
    if (e.kind === 'open') {
      for (const p of e.partitions) {
        if (open.has(p)) problems.push(`open(${p}) while already open`);
        open.add(p);
      }
    } else if (e.kind === 'close') {
      for (const p of e.partitions) {
        if (!open.has(p)) problems.push(`close(${p}) while not open`);
        open.delete(p);
      }
    } else if (e.kind === 'put' && !open.has(e.partition)) {
      problems.push(`put of ${e.partition} while not open`);
    }
  }
  return problems;
}
