import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorRunner, silentLogger } from '@sinkkit/runtime';
import { FsStorage } from '@sinkkit/storage-fs';
import {
  type KafkaCluster,
  type KafkaFront,
  makeTestCertificates,
  mockClusterConsumerConfig,
  produceRecords,
  startKafkaCluster,
  startKafkaFront,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageSinkConnector } from '../src/index.js';

// The storage sink reading from a SASL_SSL cluster: the test kit's front terminates TLS with a
// CA this test makes, asks for a SCRAM-SHA-512 login, and forwards to the test cluster.
let cluster: KafkaCluster;
let front: KafkaFront;
let root: string;
let caFile: string;
beforeAll(async () => {
  cluster = await startKafkaCluster({ brokers: 2 });
  const certs = await makeTestCertificates();
  front = await startKafkaFront({
    brokers: cluster.brokers,
    tls: certs.server,
    sasl: { mechanisms: ['SCRAM-SHA-512'], users: { sink: 'sink-secret' } },
  });
  root = await mkdtemp(join(tmpdir(), 'sink-secured-'));
  caFile = join(root, 'ca.pem');
  await writeFile(caFile, certs.ca.cert);
}, 60_000);
afterAll(async () => {
  await front?.stop();
  await cluster?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function linesIn(storage: FsStorage): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let pageToken: string | undefined;
  do {
    const page = await storage.list('topics/', { pageToken });
    for (const { key } of page.objects) {
      for (const line of new TextDecoder()
        .decode(await storage.get(key))
        .split('\n')
        .filter(Boolean)) {
        counts.set(line, (counts.get(line) ?? 0) + 1);
      }
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return counts;
}

describe('the storage sink on a secured cluster', () => {
  it('SASL_SSL (SCRAM-SHA-512, PEM trust store file) → FsStorage: every record exactly once', async () => {
    const topic = `secured-${randomBytes(4).toString('hex')}`;
    await cluster.createTopic(topic, 4);
    await produceRecords(cluster.bootstrapServers, topic, 2_000);
    const out = join(root, topic);
    const runner = new ConnectorRunner({
      connector: new StorageSinkConnector(),
      logger: silentLogger,
      config: {
        name: topic,
        'bootstrap.servers': front.bootstrapServers,
        'security.protocol': 'SASL_SSL',
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': caFile,
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="sink" password="sink-secret";',
        topics: topic,
        'store.url': `file://${out}`,
        'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
        'flush.size': '250',
        'offset.flush.interval.ms': '500',
        'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
        'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
        'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
      },
    });
    const storage = new FsStorage({ root: out });
    try {
      await runner.start();
      const deadline = Date.now() + 60_000;
      while ((await linesIn(storage)).size < 2_000 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
    } finally {
      await runner.stop();
    }
    const counts = await linesIn(storage);
    expect(counts.size).toBe(2_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(front.logins.filter((l) => l.ok).every((l) => l.user === 'sink' && l.mechanism === 'SCRAM-SHA-512')).toBe(
      true,
    );
    expect(front.logins.some((l) => !l.ok)).toBe(false);
  }, 90_000);
});
