import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorRunner, silentLogger } from '@sinkkit/runtime';
import { FsStorage } from '@sinkkit/storage-fs';
import { type KafkaCluster, mockClusterConsumerConfig, startKafkaCluster } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageSinkConnector } from '../../src/index.js';
import { avroFile, jsonLines, objects } from './support.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const COUNT = 900;

/** `COUNT` records over 3 partitions: key `k<id>` (every 7th none), header `trace: t<id>`, value `{"id": id}`. */
async function produce(topic: string): Promise<void> {
  const kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = Array.from({ length: COUNT }, (_, id) => ({
      partition: id % 3,
      key: id % 7 === 0 ? null : `k${id}`,
      value: JSON.stringify({ id }),
      headers: { trace: `t${id}` },
    }));
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

describe('keys and headers files end to end through the runtime', () => {
  it('Kafka (3 partitions) → JSON values with Avro keys and headers files on FsStorage: each record once, its key and headers beside it', async () => {
    const topic = `keys-headers-${randomBytes(4).toString('hex')}`;
    await cluster.createTopic(topic, 3);
    await produce(topic);
    const root = await mkdtemp(join(tmpdir(), 'sink-keys-headers-e2e-'));
    const storage = new FsStorage({ root });
    const runner = new ConnectorRunner({
      connector: new StorageSinkConnector(),
      logger: silentLogger,
      config: {
        name: `keys-headers-${randomBytes(4).toString('hex')}`,
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'store.url': `file://${root}`,
        'format.class': 'json',
        'flush.size': '100',
        'store.kafka.keys': 'true',
        'store.kafka.headers': 'true',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'offset.flush.interval.ms': '500',
        'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
        'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
        'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
      },
    });
    // Value files end in <offset>.json; their companions in .keys.avro / .headers.avro.
    const valueFiles = async () => [...(await objects(storage))].filter(([k]) => /\d\.json$/.test(k));
    try {
      await runner.start();
      const deadline = Date.now() + 60_000;
      const committed = async () => (await valueFiles()).reduce((n, [, b]) => n + jsonLines(b).length, 0);
      while ((await committed()) < COUNT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    } finally {
      await runner.stop();
    }
    const files = await objects(storage);
    const seen = new Map<number, number>();
    for (const [key, bytes] of await valueFiles()) {
      const stem = key.slice(0, -'.json'.length);
      const ids = (jsonLines(bytes) as { id: number }[]).map((v) => v.id);
      const keys = avroFile(files.get(`${stem}.keys.avro`) as Uint8Array);
      const headers = avroFile(files.get(`${stem}.headers.avro`) as Uint8Array);
      expect(keys.values).toEqual(ids.map((id) => (id % 7 === 0 ? null : `k${id}`)));
      expect(headers.values.map((list) => (list as object[]).map((h) => ({ ...h })))).toEqual(
        ids.map((id) => [{ key: 'trace', value: `t${id}` }]),
      );
      for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect(files.size).toBe(27); // 9 value files, each with its keys and headers file
    expect(seen.size).toBe(COUNT);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    await rm(root, { recursive: true, force: true });
  }, 90_000);
});
