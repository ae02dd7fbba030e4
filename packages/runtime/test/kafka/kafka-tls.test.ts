import {
  type KafkaCluster,
  type KafkaFront,
  makeTestCertificates,
  produceRecords,
  startKafkaCluster,
  startKafkaFront,
  type TestCertificates,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnectError, SinkRunner, silentLogger } from '../../src/index.js';
import { CONSUMER_THREADS, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { RecordingTask } from '../helpers/recording-task.js';

// The test cluster speaks plain text; a TLS front made with a throwaway CA stands before it and
// advertises itself in metadata, so every connection the client makes goes through TLS.
let cluster: KafkaCluster;
let certs: TestCertificates;
let otherCa: TestCertificates;
let front: KafkaFront;
let mutual: KafkaFront;
beforeAll(async () => {
  cluster = await startKafkaCluster({ brokers: 2 });
  [certs, otherCa] = await Promise.all([
    makeTestCertificates({ clientKeyPassword: 'key-pass' }),
    makeTestCertificates({ caName: 'some other CA' }),
  ]);
  front = await startKafkaFront({ brokers: cluster.brokers, tls: certs.server });
  mutual = await startKafkaFront({ brokers: cluster.brokers, tls: { ...certs.server, clientCa: certs.ca.cert } });
}, 60_000);
afterAll(async () => {
  await front?.stop();
  await mutual?.stop();
  await cluster?.stop();
});

async function consumeThrough(bootstrap: string, props: Record<string, string>, thread: 'main' | 'worker' = 'main') {
  const topic = uniqueName('tls');
  await cluster.createTopic(topic, 4);
  await produceRecords(cluster.bootstrapServers, topic, 200);
  const task = new RecordingTask();
  const runner = new SinkRunner({
    task,
    logger: silentLogger,
    config: { name: topic, 'bootstrap.servers': bootstrap, topics: topic, ...fastGroupConfig(thread), ...props },
  });
  await runner.start();
  try {
    await waitFor(() => task.received.length >= 200, '200 records through TLS');
  } finally {
    await runner.stop();
  }
  return task.received.length;
}

describe('TLS to Kafka', () => {
  for (const thread of CONSUMER_THREADS) {
    it(`consumes through TLS with the test CA given as PEM text (${thread} thread)`, async () => {
      const before = front.connections;
      const received = await consumeThrough(
        front.bootstrapServers,
        { 'security.protocol': 'SSL', 'ssl.truststore.certificates': certs.ca.cert },
        thread,
      );
      expect(received).toBe(200);
      // Bootstrap plus the brokers metadata named: all through the front, both brokers.
      expect(front.connections - before).toBeGreaterThanOrEqual(2);
    });
  }

  it('consumes with a client certificate (mutual TLS, encrypted key) from connector overrides', async () => {
    const received = await consumeThrough(mutual.bootstrapServers, {
      'consumer.override.security.protocol': 'SSL',
      'consumer.override.ssl.truststore.certificates': certs.ca.cert,
      'consumer.override.ssl.keystore.certificate.chain': certs.client.cert,
      'consumer.override.ssl.keystore.key': certs.client.key,
      'consumer.override.ssl.key.password': 'key-pass',
    });
    expect(received).toBe(200);
  });

  it('fails within a bounded time, naming TLS, the certificate and bootstrap.servers, for a wrong CA', async () => {
    const runner = new SinkRunner({
      task: new RecordingTask(),
      logger: silentLogger,
      config: {
        name: uniqueName('wrong-ca'),
        'bootstrap.servers': front.bootstrapServers,
        topics: 'any',
        'security.protocol': 'SSL',
        'ssl.truststore.certificates': otherCa.ca.cert,
      },
    });
    const started = Date.now();
    const error = await runner.start().then(
      () => new Error('started'),
      (e: unknown) => e as Error,
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(KafkaConnectError);
    expect((error as KafkaConnectError).code).toBe('KAFKA_TLS_FAILED');
    expect(error.message).toMatch(
      new RegExp(
        `^TLS handshake with Kafka at bootstrap.servers=${front.bootstrapServers} failed: the broker's certificate is not trusted`,
      ),
    );
    expect(error.message).toContain('ssl.truststore');
    expect(error.message).not.toContain('\n');
    expect(elapsed).toBeLessThan(20_000);
    expect(runner.status().state).toBe('FAILED');
  });

  it('fails on a certificate that does not name the host, unless the check is off', async () => {
    const byName = await makeTestCertificates({ hosts: ['kafka.example.com'] });
    const named = await startKafkaFront({ brokers: cluster.brokers, tls: byName.server });
    try {
      const runner = new SinkRunner({
        task: new RecordingTask(),
        logger: silentLogger,
        config: {
          name: uniqueName('hostname'),
          'bootstrap.servers': named.bootstrapServers,
          topics: 'any',
          'security.protocol': 'SSL',
          'ssl.truststore.certificates': byName.ca.cert,
        },
      });
      await expect(runner.start()).rejects.toThrow(/does not name its host.*ssl\.endpoint\.identification\.algorithm/);
      const received = await consumeThrough(named.bootstrapServers, {
        'security.protocol': 'SSL',
        'ssl.truststore.certificates': byName.ca.cert,
        'ssl.endpoint.identification.algorithm': '',
      });
      expect(received).toBe(200);
    } finally {
      await named.stop();
    }
  });

  it('says to check security.protocol when client and listener disagree about TLS', async () => {
    const attempts = [
      {
        bootstrap: () => cluster.bootstrapServers,
        props: { 'security.protocol': 'SSL' },
        hint: 'does the listener speak TLS? security.protocol=SSL',
      },
      {
        bootstrap: () => front.bootstrapServers,
        props: {},
        hint: 'does the listener want TLS? security.protocol=PLAINTEXT',
      },
    ];
    const results = await Promise.all(
      attempts.map(async ({ bootstrap, props }) => {
        const runner = new SinkRunner({
          task: new RecordingTask(),
          logger: silentLogger,
          config: { name: uniqueName('mismatch'), 'bootstrap.servers': bootstrap(), topics: 'any', ...props },
        });
        return (await runner.start().catch((e: unknown) => e)) as Error;
      }),
    );
    results.forEach((error, i) => {
      expect(error).toBeInstanceOf(KafkaConnectError);
      expect(error.message).toContain(`cannot reach Kafka at bootstrap.servers=${attempts[i]?.bootstrap()}`);
      expect(error.message).toContain(attempts[i]?.hint);
      expect(error.message).not.toContain('\n');
    });
  });
});
