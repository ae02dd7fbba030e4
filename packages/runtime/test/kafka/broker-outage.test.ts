import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { protocolViolations, RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('broker outage', () => {
  it('recovers from the broker being down for several seconds with nothing lost', async () => {
    const topic = uniqueName('outage');
    const group = `${topic}-g`;
    await cluster.createTopic(topic, 3);
    await produceRecords(cluster.bootstrapServers, topic, 3_000);
    const task = new RecordingTask();
    const runner = new SinkRunner({
      task,
      logger: silentLogger,
      config: {
        name: 'outage',
        'consumer.override.group.id': group,
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'offset.flush.interval.ms': '200',
        'offset.flush.timeout.ms': '1000',
        ...fastGroupConfig(),
      },
    });
    await runner.start();
    await waitFor(() => task.received.length >= 3_000, 'the first records');
    await cluster.setBrokerDown(1);
    await new Promise((r) => setTimeout(r, 5_000));
    await cluster.setBrokerUp(1);
    const second = await produceRecords(cluster.bootstrapServers, topic, 3_000, { firstId: 3_000 });
    const ids = () =>
      new Set(task.received.map((r) => Number(r.key === null ? -1 : Buffer.from(r.key as Uint8Array).toString())));
    await waitFor(() => ids().size >= 6_000, 'every record after the outage', 45_000);
    await runner.stop();

    expect(runner.status().state).toBe('STOPPED');
    expect(protocolViolations(task.events)).toEqual([]);
    const committed = await committedOffsets(cluster.bootstrapServers, group, topic);
    for (const [partition, next] of second.nextOffsets) expect(committed.get(partition)).toBe(BigInt(next));
  });
});
