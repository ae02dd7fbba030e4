import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('logs in with OAUTHBEARER tokens from a client-credentials token endpoint, and fails clearly for a wrong secret', async () => {
    const requests: { authorization: string | undefined; body: string }[] = [];
    const idp = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        requests.push({ authorization: req.headers.authorization, body });
        const ok = req.headers.authorization === `Basic ${Buffer.from('sink:idp-secret').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok ? { access_token: 'token-1', token_type: 'bearer', expires_in: 3600 } : { error: 'invalid_client' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    const oauthFront = await startKafkaFront({
      brokers: cluster.brokers,
      sasl: { mechanisms: ['OAUTHBEARER'], users: {}, tokens: { 'token-1': 'sink' } },
    });
    const props = (secret: string) => ({
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'OAUTHBEARER',
      'sasl.oauthbearer.token.endpoint.url': `http://127.0.0.1:${port}/oauth2/token`,
      'sasl.login.callback.handler.class':
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
      'sasl.jaas.config': `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="sink" clientSecret="${secret}" scope="kafka.read";`,
    });
    try {
      expect(await consume(oauthFront.bootstrapServers, props('idp-secret'))).toBe(100);
      expect(oauthFront.logins.filter((l) => l.ok && l.user === 'sink').length).toBeGreaterThanOrEqual(2);
      // One token for all connections of the client, asked for with the scope.
      expect(requests).toHaveLength(1);
      expect(new URLSearchParams(requests[0]?.body)).toEqual(
        new URLSearchParams({ grant_type: 'client_credentials', scope: 'kafka.read' }),
      );

      const { runner: wrong } = runner(oauthFront.bootstrapServers, uniqueName('oauth-bad'), props('wrong-secret'));
      const error = (await wrong.start().catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(KafkaConnectError);
      expect(error.message).toMatch(
        /^SASL authentication to Kafka at bootstrap.servers=\S+ failed: OAUTHBEARER token request to sasl.oauthbearer.token.endpoint.url=http:\/\/127.0.0.1:\d+\/oauth2\/token failed: it answered HTTP 401/,
      );
      expect(error.message).not.toContain('wrong-secret');
    } finally {
      await oauthFront.stop();
      await new Promise<void>((resolve) => idp.close(() => resolve()));
    }
  });
});
