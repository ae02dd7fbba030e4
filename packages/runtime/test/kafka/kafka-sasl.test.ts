import { ConfigError } from '@sinkkit/core';
import {
  type KafkaCluster,
  type KafkaFront,
  makeTestCertificates,
  produceRecords,
  readRecords,
  startKafkaCluster,
  startKafkaFront,
} from '@sinkkit/testkit';
import type { SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnectError, SinkRunner, silentLogger } from '../../src/index.js';
import { fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { produceValues } from '../helpers/produce.js';
import { RecordingTask } from '../helpers/recording-task.js';
import { StrictConverter } from '../helpers/strict-converter.js';

// The test cluster has no SASL: a front answers SaslHandshake/SaslAuthenticate (PLAIN, SCRAM as
// Kafka's broker computes it) and forwards everything else once the login succeeded.
const PASSWORD = 'S3cr3t "quoted" \\ pass';
const jaasPassword = PASSWORD.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
let cluster: KafkaCluster;
let front: KafkaFront;
beforeAll(async () => {
  cluster = await startKafkaCluster({ brokers: 2 });
  front = await startKafkaFront({ brokers: cluster.brokers, sasl: { users: { alice: PASSWORD, dlq: 'dlq-pass' } } });
}, 60_000);
afterAll(async () => {
  await front?.stop();
  await cluster?.stop();
});

const jaas = (module: 'plain.PlainLoginModule' | 'scram.ScramLoginModule', password = jaasPassword) =>
  `org.apache.kafka.common.security.${module} required username="alice" password="${password}";`;

function runner(bootstrap: string, topic: string, props: Record<string, string>, kafka?: { sasl: SASLOptions }) {
  const task = new RecordingTask();
  const r = new SinkRunner({
    task,
    logger: silentLogger,
    config: { name: topic, 'bootstrap.servers': bootstrap, topics: topic, ...fastGroupConfig(), ...props },
    ...(kafka ? { kafka } : {}),
  });
  return { task, runner: r };
}

async function consume(bootstrap: string, props: Record<string, string>, kafka?: { sasl: SASLOptions }) {
  const topic = uniqueName('sasl');
  await cluster.createTopic(topic, 2);
  await produceRecords(cluster.bootstrapServers, topic, 100);
  const { task, runner: r } = runner(bootstrap, topic, props, kafka);
  await r.start();
  try {
    await waitFor(() => task.received.length >= 100, '100 records through SASL');
  } finally {
    await r.stop();
  }
  return task.received.length;
}

describe('SASL to Kafka', () => {
  for (const [mechanism, module] of [
    ['PLAIN', 'plain.PlainLoginModule'],
    ['SCRAM-SHA-256', 'scram.ScramLoginModule'],
    ['SCRAM-SHA-512', 'scram.ScramLoginModule'],
  ] as const) {
    it(`logs in with ${mechanism} from sasl.jaas.config and consumes`, async () => {
      const before = front.logins.filter((l) => l.ok && l.mechanism === mechanism).length;
      const received = await consume(front.bootstrapServers, {
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': mechanism,
        'sasl.jaas.config': jaas(module),
      });
      expect(received).toBe(100);
      // One login per connection: the bootstrap and both brokers, all through the front.
      expect(front.logins.filter((l) => l.ok && l.mechanism === mechanism).length - before).toBeGreaterThanOrEqual(2);
    });
  }

  it('fails at once with one line naming SASL and bootstrap.servers for a wrong password, never printing it', async () => {
    for (const [mechanism, module] of [
      ['PLAIN', 'plain.PlainLoginModule'],
      ['SCRAM-SHA-512', 'scram.ScramLoginModule'],
    ] as const) {
      const { runner: r } = runner(front.bootstrapServers, uniqueName('bad'), {
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': mechanism,
        'sasl.jaas.config': jaas(module, 'wrong-password'),
      });
      const started = Date.now();
      const error = (await r.start().catch((e: unknown) => e)) as KafkaConnectError;
      expect(error).toBeInstanceOf(KafkaConnectError);
      expect(error.code).toBe('KAFKA_AUTH_FAILED');
      expect(error.retriable).toBe(false);
      expect(error.message).toMatch(
        new RegExp(
          `^SASL authentication to Kafka at bootstrap.servers=${front.bootstrapServers} failed: .*(Invalid username or password|Authentication failed)`,
        ),
      );
      expect(error.message).not.toContain('wrong-password');
      expect(error.message).not.toContain('\n');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.status().error?.message).not.toContain('wrong-password');
    }
  });

  it('takes SASL options given in code over the properties (OAUTHBEARER needs them)', async () => {
    const props = { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'OAUTHBEARER' };
    const { runner: withoutProvider } = runner(front.bootstrapServers, uniqueName('oauth'), props);
    const error = await withoutProvider.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('sasl.mechanism: needs a token source');
    // Code replaces the mapped SASL settings whole.
    const received = await consume(front.bootstrapServers, props, {
      sasl: { mechanism: 'scram-sha-256', username: 'alice', password: PASSWORD },
    });
    expect(received).toBe(100);
  });

  it('does SASL_SSL: TLS first, then the login', async () => {
    const certs = await makeTestCertificates();
    const secured = await startKafkaFront({
      brokers: cluster.brokers,
      tls: certs.server,
      sasl: { mechanisms: ['SCRAM-SHA-512'], users: { alice: PASSWORD } },
    });
    try {
      const received = await consume(secured.bootstrapServers, {
        'security.protocol': 'SASL_SSL',
        'ssl.truststore.certificates': certs.ca.cert,
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': jaas('scram.ScramLoginModule'),
      });
      expect(received).toBe(100);
      expect(secured.logins.every((l) => l.ok && l.user === 'alice')).toBe(true);
    } finally {
      await secured.stop();
    }
  });

  it('logs the dead-letter producer in with its own producer.override. credentials', async () => {
    const topic = uniqueName('sasl-dlq-src');
    const dlq = uniqueName('sasl-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    const values = ['a', 'POISON-1', 'b', 'POISON-2'];
    await produceValues(cluster.bootstrapServers, topic, values);
    const task = new RecordingTask();
    const r = new SinkRunner({
      task,
      logger: silentLogger,
      plugins: { converters: { Strict: StrictConverter } },
      config: {
        name: topic,
        'bootstrap.servers': front.bootstrapServers,
        topics: topic,
        'value.converter': 'Strict',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'SCRAM-SHA-256',
        'consumer.override.sasl.jaas.config': jaas('scram.ScramLoginModule'),
        'producer.override.sasl.mechanism': 'PLAIN',
        'producer.override.sasl.jaas.config':
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="dlq" password="dlq-pass";',
        ...fastGroupConfig(),
      },
    });
    await r.start();
    try {
      await waitFor(() => task.received.length >= 2, 'the good records');
    } finally {
      await r.stop();
    }
    const dead = await readRecords(cluster.bootstrapServers, dlq, { count: 2, idleTimeoutMs: 1_000 });
    expect(dead.map((d) => d.value)).toEqual(['POISON-1', 'POISON-2']);
    expect(front.logins.some((l) => l.ok && l.user === 'dlq' && l.mechanism === 'PLAIN')).toBe(true);
  });

  it('fails clearly when the broker does not offer the mechanism', async () => {
    const only = await startKafkaFront({
      brokers: cluster.brokers,
      sasl: { mechanisms: ['PLAIN'], users: { alice: PASSWORD } },
    });
    try {
      const { runner: r } = runner(only.bootstrapServers, uniqueName('mech'), {
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'SCRAM-SHA-256',
        'sasl.jaas.config': jaas('scram.ScramLoginModule'),
      });
      await expect(r.start()).rejects.toThrow(
        /^SASL authentication to Kafka at bootstrap.servers=\S+ failed: The broker does not support the requested SASL mechanism \(check sasl.mechanism/,
      );
    } finally {
      await only.stop();
    }
  });
});
