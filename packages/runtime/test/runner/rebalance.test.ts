import { type KafkaCluster, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { startBackgroundProducer } from '../helpers/background-producer.js';
import { CONSUMER_THREADS, committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { protocolViolations, RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(CONSUMER_THREADS)('rebalances, consumer on the %s thread', (thread) => {
  it('three runners joining and leaving while records flow: open/close exactly, nothing lost', async () => {
    const topic = uniqueName('rebalance');
    const group = `${topic}-g`;
    await cluster.createTopic(topic, 6);
    const make = () => {
      const task = new RecordingTask();
      const runner = new SinkRunner({
        task,
        logger: silentLogger,
        config: {
          name: 'rebalance',
          'consumer.override.group.id': group,
          'bootstrap.servers': cluster.bootstrapServers,
          topics: topic,
          'value.converter': 'StringConverter',
          'offset.flush.interval.ms': '250',
          ...fastGroupConfig(thread),
        },
      });
      return { task, runner };
    };
    const producer = startBackgroundProducer(cluster.bootstrapServers, topic);
    const a = make();
    const b = make();
    const c = make();
    await a.runner.start();
    await waitFor(() => a.task.received.length > 0, 'a to consume');
    await b.runner.start();
    await waitFor(() => b.task.received.length > 0, 'b to consume');
    await c.runner.start();
    await waitFor(() => c.task.received.length > 0, 'c to consume');
    // Each runner owns a share while all three are in the group.
    expect(a.runner.status().assignment.length).toBeGreaterThan(0);
    await b.runner.stop();
    await sleep(2_500);
    await a.runner.stop();
    const total = await producer.stop();
    await waitFor(() => new Set(received([a, b, c])).size >= total, 'c to catch up with everything', 30_000);
    await c.runner.stop();

    for (const { task } of [a, b, c]) {
      expect(protocolViolations(task.events)).toEqual([]);
      const opened = task.events
        .filter((e) => e.kind === 'open')
        .flatMap((e) => ('partitions' in e ? e.partitions : []));
      const closed = task.events
        .filter((e) => e.kind === 'close')
        .flatMap((e) => ('partitions' in e ? e.partitions : []));
      expect(closed.sort()).toEqual(opened.sort());
    }
    // c ends up with every partition after the others left.
    const cOpens = c.task.events.filter((e) => e.kind === 'open');
    expect(new Set(cOpens.flatMap((e) => ('partitions' in e ? e.partitions : []))).size).toBe(6);
    const ids = new Set(received([a, b, c]));
    expect(ids.size).toBe(total);
    expect(Math.max(...ids)).toBe(total - 1);
    const committed = await committedOffsets(cluster.bootstrapServers, group, topic);
    const endOffsets = endOffsetsOf([a, b, c]);
    for (const [partition, end] of endOffsets) expect(committed.get(partition)).toBe(end);
  });
});

function received(runners: { task: RecordingTask }[]): number[] {
  return runners.flatMap(({ task }) => task.received.map((r) => JSON.parse(String(r.value)).id as number));
}

function endOffsetsOf(runners: { task: RecordingTask }[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const { task } of runners) {
    for (const r of task.received) {
      const next = r.kafkaOffset + 1n;
      if ((out.get(r.kafkaPartition) ?? -1n) < next) out.set(r.kafkaPartition, next);
    }
  }
  return out;
}
