import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KafkaCluster, type KafkaFront, startKafkaCluster, startKafkaFront } from '../../src/index.js';

let cluster: KafkaCluster;
let front: KafkaFront;
beforeAll(async () => {
  cluster = await startKafkaCluster({ brokers: 3 });
  front = await startKafkaFront({ brokers: cluster.brokers, sasl: { users: { u: 'p' } } });
}, 60_000);
afterAll(async () => {
  await front?.stop();
  await cluster?.stop();
});

const admin = (sasl: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }) =>
  new Kafka({
    brokers: front.bootstrapServers.split(','),
    sasl,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();

describe('startKafkaFront', () => {
  it('advertises its own listeners in metadata, one per broker', async () => {
    const client = admin({ mechanism: 'plain', username: 'u', password: 'p' });
    await client.connect();
    try {
      const { brokers } = await client.describeCluster();
      expect(brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual(front.bootstrapServers.split(',').sort());
      expect(brokers.map((b) => b.nodeId).sort()).toEqual(cluster.brokers.map((b) => b.id).sort());
    } finally {
      await client.disconnect();
    }
  });

  it('logs in with SCRAM-SHA-256 and SCRAM-SHA-512, and refuses a wrong password', async () => {
    for (const mechanism of ['scram-sha-256', 'scram-sha-512'] as const) {
      const ok = admin({ mechanism, username: 'u', password: 'p' });
      await ok.connect();
      await ok.disconnect();
      await expect(admin({ mechanism, username: 'u', password: 'nope' }).connect()).rejects.toThrow(
        /Authentication failed/,
      );
      await expect(admin({ mechanism, username: 'who', password: 'p' }).connect()).rejects.toThrow(
        /Authentication failed/,
      );
    }
    expect(front.logins.filter((l) => l.ok).map((l) => l.mechanism)).toEqual(
      expect.arrayContaining(['SCRAM-SHA-256', 'SCRAM-SHA-512']),
    );
    expect(front.logins.filter((l) => !l.ok).length).toBeGreaterThanOrEqual(4);
  });

  it('closes a connection that sends a request before logging in', async () => {
    const noSasl = new Kafka({
      brokers: [front.bootstrapServers.split(',')[0] ?? ''],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    // ApiVersions is allowed before the login (clients ask it first); Metadata is not.
    await noSasl.connect();
    try {
      await expect(noSasl.describeCluster()).rejects.toThrow(/Closed connection|Connection error|closed/i);
    } finally {
      await noSasl.disconnect();
    }
  });
});
