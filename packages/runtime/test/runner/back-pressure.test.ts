import type { SinkRecord } from '@sinkkit/core';
import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { CONSUMER_THREADS, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { protocolViolations, RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

/** A task whose put takes longer than a heartbeat interval, so the runner's small buffer stays full and the consumer waits for room. */
class SlowTask extends RecordingTask {
  override async put(records: readonly SinkRecord[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 400));
    super.put(records);
  }
}

describe.each(CONSUMER_THREADS)('back-pressure, consumer on the %s thread', (thread) => {
  it('a consumer waiting for buffer room neither stalls a rebalance nor delivers a revoked partition, and stops', async () => {
    const topic = uniqueName('bp');
    const group = `${topic}-g`;
    await cluster.createTopic(topic, 4);
    const produced = await produceRecords(cluster.bootstrapServers, topic, 1_200);
    const make = () => {
      const task = new SlowTask();
      const runner = new SinkRunner({
        task,
        logger: silentLogger,
        config: {
          name: 'bp',
          'consumer.override.group.id': group,
          'bootstrap.servers': cluster.bootstrapServers,
          topics: topic,
          'consumer.override.max.poll.records': '100',
          'sinkkit.buffer.max.records': '100',
          'offset.flush.interval.ms': '250',
          ...fastGroupConfig(thread),
        },
      });
      return { task, runner };
    };
    const a = make();
    const b = make();
    await a.runner.start();
    // a's buffer is full from its first fetch on (250 records/s against a few hundred fetched per
    // partition), and each wait for room outlasts the heartbeat interval.
    await waitFor(() => a.task.received.length >= 100, 'a to consume');
    await b.runner.start();
    // a hears of the rebalance from a heartbeat sent while it waits for room, so b gets partitions.
    await waitFor(() => b.task.received.length > 0, 'b to get partitions and consume', 60_000);
    expect(a.runner.status().assignment.length).toBeGreaterThan(0);
    expect(b.runner.status().assignment.length).toBeGreaterThan(0);
    await waitFor(
      () => new Set([...a.task.received, ...b.task.received].map(id)).size >= produced.records.length,
      'every record',
      60_000,
    );
    // Stops with a full buffer: neither waits on its own consumer.
    await Promise.all([a.runner.stop(), b.runner.stop()]);
    expect([a.runner.status().state, b.runner.status().state]).toEqual(['STOPPED', 'STOPPED']);
    expect(protocolViolations(a.task.events)).toEqual([]);
    expect(protocolViolations(b.task.events)).toEqual([]);
    // Per partition and runner, offsets only rise between two opens: nothing fetched twice is delivered out of order.
    for (const { task } of [a, b]) {
      let last = new Map<string, bigint>();
      for (const e of task.events) {
        if (e.kind === 'open') last = new Map([...last].filter(([p]) => !e.partitions.includes(p)));
        if (e.kind !== 'put') continue;
        for (const o of e.offsets) {
          expect(o).toBeGreaterThan(last.get(e.partition) ?? -1n);
          last.set(e.partition, o);
        }
      }
    }
  });
});

const id = (r: SinkRecord) => `${r.kafkaPartition}@${r.kafkaOffset}`;
