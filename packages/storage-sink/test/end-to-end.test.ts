import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorRunner, silentLogger } from '@sinkkit/runtime';
import { FsStorage } from '@sinkkit/storage-fs';
import { type KafkaCluster, mockClusterConsumerConfig, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageSinkConnector } from '../src/index.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

async function idsIn(storage: FsStorage): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  let pageToken: string | undefined;
  do {
    const page = await storage.list('topics/', { pageToken });
    for (const { key } of page.objects) {
      const text = new TextDecoder().decode(await storage.get(key));
      for (const line of text.split('\n').filter(Boolean)) {
        const id = (JSON.parse(line) as { id: number }).id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return counts;
}

describe('end to end through the runtime', () => {
  it('Kafka (4 partitions, 6000 records) → FsStorage: every record exactly once', async () => {
    const topic = `e2e-${randomBytes(4).toString('hex')}`;
    await cluster.createTopic(topic, 4);
    await produceRecords(cluster.bootstrapServers, topic, 6_000);
    const root = await mkdtemp(join(tmpdir(), 'sink-e2e-'));
    const runner = new ConnectorRunner({
      connector: new StorageSinkConnector(),
      logger: silentLogger,
      config: {
        name: `e2e-${randomBytes(4).toString('hex')}`,
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'store.url': `file://${root}`,
        'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
        'flush.size': '500',
        'offset.flush.interval.ms': '500',
        'tasks.max': '2',
        'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
        'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
        'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
      },
    });
    const storage = new FsStorage({ root });
    try {
      await runner.start();
      const deadline = Date.now() + 60_000;
      while ((await idsIn(storage)).size < 6_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    } finally {
      await runner.stop();
    }
    const counts = await idsIn(storage);
    expect(counts.size).toBe(6_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await rm(root, { recursive: true, force: true });
  }, 90_000);
});
