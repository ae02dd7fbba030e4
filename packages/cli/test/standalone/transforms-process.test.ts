import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { produceRecords, useTestEnvironment } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from '../support/cli-process.js';

const RECORDS = 120;
const TOMBSTONES = 6;
const env = useTestEnvironment({ kafka: { topics: [{ name: 'events', partitions: 2 }] } }, { beforeAll, afterAll });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-standalone-smt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function jsonFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.json') && f.startsWith('topics'),
    );
  } catch {
    return [];
  }
}

async function produceTombstones(bootstrapServers: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'smt-test', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: TOMBSTONES }, (_, i) => ({ key: `gone-${i}`, value: null, partition: i % 2 }));
  await producer.send({ topic: 'events', messages, acks: -1 });
  await producer.disconnect();
}

describe('sinkkit standalone with Kafka SMTs from the connector file', () => {
  it('routes by timestamp, masks a field and filters tombstones; the files verify clean', async () => {
    const bootstrap = env.current.kafka.bootstrapServers;
    await produceRecords(bootstrap, 'events', RECORDS, { valueBytes: 60 });
    await produceTombstones(bootstrap);
    const out = join(dir, 'store');
    const worker = write('worker.properties', [
      `bootstrap.servers=${bootstrap}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable=false',
      'offset.flush.interval.ms=500',
      'consumer.session.timeout.ms=3000',
      'consumer.heartbeat.interval.ms=300',
      'consumer.fetch.max.wait.ms=100',
    ]);
    const connector = write('smt-sink.properties', [
      'name=smt-sink',
      'connector.class=StorageSinkConnector',
      'tasks.max=1',
      'topics=events',
      `store.url=${pathToFileURL(out).href}`,
      'format.class=json',
      'flush.size=30',
      'rotate.schedule.interval.ms=1000',
      'transforms=dropTombstones,route,mask',
      'transforms.dropTombstones.type=org.apache.kafka.connect.transforms.Filter',
      'transforms.dropTombstones.predicate=isTombstone',
      'transforms.route.type=org.apache.kafka.connect.transforms.TimestampRouter',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholders, as a user writes them
      'transforms.route.topic.format=${topic}-${timestamp}',
      'transforms.route.timestamp.format=yyyyMMdd',
      'transforms.mask.type=org.apache.kafka.connect.transforms.MaskField$Value',
      'transforms.mask.fields=pad',
      'predicates=isTombstone',
      'predicates.isTombstone.type=org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
    ]);
    const proc = startCli(['standalone', worker, connector]);
    const count = () =>
      jsonFiles(out).reduce((n, f) => n + readFileSync(join(out, f), 'utf8').split('\n').filter(Boolean).length, 0);
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && count() < RECORDS) await new Promise((r) => setTimeout(r, 200));
    await proc.stop(15_000);
    const code = await proc.exited;
    expect(code, proc.output()).toBe(0);

    const files = jsonFiles(out);
    const topicDirs = new Set(files.map((f) => f.split('/')[1]));
    expect([...topicDirs]).toHaveLength(1);
    const [routed] = [...topicDirs] as [string];
    expect(routed).toMatch(/^events-\d{8}$/);
    const day = routed.slice('events-'.length);
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(Math.abs(Number(today) - Number(day))).toBeLessThanOrEqual(1);
    const rows = files.flatMap((f) =>
      readFileSync(join(out, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
    expect(rows).toHaveLength(RECORDS);
    expect(new Set(rows.map((r) => r.id)).size).toBe(RECORDS);
    expect(rows.every((r) => r.pad === '')).toBe(true);

    const verify = await runCliProcess(['verify', '--store-url', pathToFileURL(out).href, '--topics', 'events']);
    expect(verify.output, verify.output).toMatch(/verify: OK: 2 partitions, 120 records/);
    expect(verify.code, verify.output).toBe(0);
  }, 90_000);
});
