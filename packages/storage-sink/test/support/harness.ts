import {
  type ConnectorProps,
  type Partitioner,
  type PluginConfigs,
  SinkRecord,
  type SinkTaskContext,
  type Storage,
  type TopicPartition,
  TopicPartitionMap,
  topicPartition,
} from '@sinkkit/core';
import type { StorageSinkTask } from '../../src/index.js';

/** Records of `tp` at offsets `from..from+count-1`, each value carrying a unique id. */
export function records(topic: string, partition: number, count: number, from = 0, timestamp = 0): SinkRecord[] {
  return Array.from(
    { length: count },
    (_, i) =>
      new SinkRecord({
        topic,
        kafkaPartition: partition,
        kafkaOffset: from + i,
        value: { id: `${topic}-${partition}-${from + i}`, n: from + i },
        timestamp: timestamp + i,
      }),
  );
}

/**
 * Plays the runtime and Kafka for one task instance: delivers each partition's records from
 * its position in batches, applies the task's seeks after put (as the runtime does), and
 * keeps the offsets preCommit returned as "Kafka's committed offsets".
 */
export class FakeConsumer {
  readonly positions = new TopicPartitionMap<bigint>();
  readonly committed: TopicPartitionMap<bigint>;
  readonly seeks: [TopicPartition, bigint][] = [];
  readonly context: SinkTaskContext;

  constructor(
    readonly source: ReadonlyMap<string, SinkRecord[]>,
    committed = new TopicPartitionMap<bigint>(),
    props: ConnectorProps = {},
  ) {
    this.committed = committed;
    for (const tp of this.partitions()) this.positions.set(tp, committed.get(tp) ?? 0n);
    const seek = (tp: TopicPartition | TopicPartitionMap<bigint>, offset?: bigint) => {
      if (tp instanceof TopicPartitionMap) for (const [t, o] of tp) this.seeks.push([t, o]);
      else this.seeks.push([tp, offset as bigint]);
    };
    this.context = {
      configs: () => props,
      offset: seek as SinkTaskContext['offset'],
      timeout: () => {},
      assignment: () => this.partitions(),
      pause: () => {},
      resume: () => {},
      requestCommit: () => {},
      errantRecordReporter: () => null,
    };
  }

  partitions(): TopicPartition[] {
    return [...this.source.keys()].map((k) => {
      const dash = k.lastIndexOf('-');
      return topicPartition(k.slice(0, dash), Number(k.slice(dash + 1)));
    });
  }

  applySeeks(): void {
    for (const [tp, offset] of this.seeks.splice(0)) this.positions.set(tp, offset);
  }

  /** One put of up to `batch` records per partition; false when nothing was left to deliver. */
  async step(task: StorageSinkTask, batch = 25): Promise<boolean> {
    const out: SinkRecord[] = [];
    for (const tp of this.partitions()) {
      const position = this.positions.get(tp) ?? 0n;
      const list = this.source.get(`${tp.topic}-${tp.partition}`) ?? [];
      const next = list.filter((r) => r.kafkaOffset >= position).slice(0, batch);
      out.push(...next);
      const last = next.at(-1);
      if (last) this.positions.set(tp, last.kafkaOffset + 1n);
    }
    if (out.length === 0) return false;
    await task.put(out);
    this.applySeeks();
    return true;
  }

  async commit(task: StorageSinkTask): Promise<void> {
    const offsets = await task.preCommit(new TopicPartitionMap());
    for (const [tp, { offset }] of offsets) this.committed.set(tp, offset);
  }

  /** Opens every partition, then delivers everything, committing offsets every `commitEvery` puts. */
  async runAll(task: StorageSinkTask, options: { batch?: number; commitEvery?: number; open?: boolean } = {}) {
    task.initialize(this.context);
    if (options.open !== false) {
      await task.open(this.partitions());
      this.applySeeks();
    }
    let steps = 0;
    while (await this.step(task, options.batch)) {
      if (++steps % (options.commitEvery ?? 4) === 0) await this.commit(task);
    }
    await this.commit(task);
  }
}

export function sourceOf(...lists: SinkRecord[][]): Map<string, SinkRecord[]> {
  const map = new Map<string, SinkRecord[]>();
  for (const list of lists) {
    for (const r of list) {
      const key = `${r.topic}-${r.kafkaPartition}`;
      map.set(key, [...(map.get(key) ?? []), r]);
    }
  }
  return map;
}

/** Every data file under `prefix` with its record ids (JSON lines with an `id`). */
export async function readOutput(storage: Storage, prefix = 'topics/') {
  const files = new Map<string, string[]>();
  let pageToken: string | undefined;
  do {
    const page = await storage.list(prefix, { pageToken });
    for (const { key } of page.objects) {
      const bytes = await storage.get(key);
      const lines = new TextDecoder().decode(bytes).split('\n').filter(Boolean);
      files.set(
        key,
        lines.map((l) => (JSON.parse(l) as { id: string }).id),
      );
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  const counts = new Map<string, number>();
  for (const ids of files.values()) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return { files, counts };
}

/** Duplicates and gaps of `counts` against the expected ids. */
export function audit(counts: ReadonlyMap<string, number>, expected: readonly SinkRecord[]) {
  const ids = new Set(expected.map((r) => (r.value as { id: string }).id));
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const missing = [...ids].filter((id) => !counts.has(id));
  const unexpected = [...counts.keys()].filter((id) => !ids.has(id));
  return { duplicates, missing, unexpected };
}

/** Spreads a partition's records over `n` encoded partitions (`bucket=<offset mod n>`). */
export class SpreadPartitioner implements Partitioner {
  n = 4;
  configure(config: PluginConfigs): void {
    this.n = Number(config['spread.buckets'] ?? 4);
  }
  encodePartition(record: SinkRecord): string {
    return `bucket=${Number(record.kafkaOffset % BigInt(this.n))}`;
  }
  partitionedPath(topic: string, encoded: string): string {
    return `${topic}/${encoded}`;
  }
}

export const baseProps = { 'format.class': 'json', 'flush.size': '10' } as const;
