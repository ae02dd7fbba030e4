import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { verify } from '@sinkkit/cli';
import { ConnectorRunner, silentLogger } from '@sinkkit/runtime';
import { FsStorage } from '@sinkkit/storage-fs';
import { StorageSinkConnector } from '@sinkkit/storage-sink';
import { type KafkaCluster, mockClusterConsumerConfig, startKafkaCluster } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PARTITIONS = 2;
const COUNT = 600;
const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 2, 10, 4, 0, 0); // 2024-03-10 04:00Z: spans New York's spring-forward

// Event times over six hours, deliberately out of order: every 7th event is 2–3 hours late.
const eventTime = (id: number) =>
  BASE +
  Math.floor((id / COUNT) * 6 * HOUR) -
  (id % 7 === 0 ? 2.5 * HOUR : 0) +
  (id % 7 === 0 && id < 200 ? 3 * HOUR : 0);
const hourDir = (ms: number) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `year=${parts.year}/month=${parts.month}/day=${parts.day}/hour=${parts.hour}`;
};

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('TimeBasedPartitioner + RecordField through the exactly-once sink', () => {
  it('out-of-order events over six hours land in their own hour, verify is clean, DuckDB reads the hive layout', async () => {
    const topic = `tb-${randomBytes(4).toString('hex')}`;
    await cluster.createTopic(topic, PARTITIONS);
    const kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    for (let from = 0; from < COUNT; from += 100) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 100 }, (_, i) => {
          const id = from + i;
          return {
            partition: id % PARTITIONS,
            value: JSON.stringify({ id, event: { ts: new Date(eventTime(id)).toISOString() } }),
          };
        }),
      });
    }
    await producer.disconnect();

    const root = await mkdtemp(join(tmpdir(), 'tb-e2e-'));
    const runner = new ConnectorRunner({
      connector: new StorageSinkConnector(),
      logger: silentLogger,
      config: {
        name: `tb-${randomBytes(4).toString('hex')}`,
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'store.url': `file://${root}`,
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'partition.duration.ms': String(HOUR),
        'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
        locale: 'en',
        timezone: 'America/New_York',
        'timestamp.extractor': 'RecordField',
        'timestamp.field': 'event.ts',
        'flush.size': '100000',
        'rotate.interval.ms': String(HOUR),
        'rotate.schedule.interval.ms': '1000',
        'offset.flush.interval.ms': '500',
        'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
        'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
        'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
      },
    });
    const storage = new FsStorage({ root });
    const keys = async () => {
      const out: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await storage.list('topics/', { pageToken });
        out.push(...page.objects.map((o) => o.key));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      return out;
    };
    const ids = new Map<number, string>();
    try {
      await runner.start();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        ids.clear();
        for (const key of await keys()) {
          for (const line of new TextDecoder()
            .decode(await storage.get(key))
            .split('\n')
            .filter(Boolean)) {
            ids.set((JSON.parse(line) as { id: number }).id, key);
          }
        }
        if (ids.size >= COUNT) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await runner.stop();
    }

    // Every event once, in the directory of its own New York hour (late events included).
    expect(ids.size).toBe(COUNT);
    for (const [id, key] of ids) {
      expect(key.startsWith(`topics/${topic}/${hourDir(eventTime(id))}/${topic}+${id % PARTITIONS}+`)).toBe(true);
    }
    const hours = new Set([...ids.values()].map((k) => k.split('/').slice(2, 6).join('/')));
    expect(hours.size).toBeGreaterThanOrEqual(6);
    expect([...hours].some((h) => h.endsWith('day=10/hour=02'))).toBe(false); // no 02:00 in New York that day
    const report = await verify({ storage, topics: [topic] });
    expect(report.issues ?? []).toEqual([]);
    expect(report.ok).toBe(true);

    // DuckDB reads the layout as a hive-partitioned table.
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const rows = (
      await connection.runAndReadAll(
        `SELECT year, month, day, hour, count(*)::INTEGER AS n FROM read_json_auto('${root}/topics/${topic}/*/*/*/*/*.json', hive_partitioning = true) GROUP BY ALL ORDER BY ALL`,
      )
    ).getRowObjects();
    const total = rows.reduce((n, r) => n + Number(r.n), 0);
    expect(total).toBe(COUNT);
    const expected = new Map<string, number>();
    for (let id = 0; id < COUNT; id++)
      expected.set(hourDir(eventTime(id)), (expected.get(hourDir(eventTime(id))) ?? 0) + 1);
    const seen = new Map(
      rows.map((r) => [
        `year=${r.year}/month=${String(r.month).padStart(2, '0')}/day=${String(r.day).padStart(2, '0')}/hour=${String(r.hour).padStart(2, '0')}`,
        Number(r.n),
      ]),
    );
    expect(seen).toEqual(expected);
    connection.closeSync();
    await rm(root, { recursive: true, force: true });
  }, 120_000);
});
