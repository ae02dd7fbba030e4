import { writeWireHeader } from '@sinkkit/converters';
import {
  type KafkaCluster,
  readRecords,
  type SchemaRegistryDouble,
  startKafkaCluster,
  startSchemaRegistry,
} from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Logger, SinkRunner } from '../../src/index.js';
import { committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
const registries: SchemaRegistryDouble[] = [];
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await Promise.all([cluster?.stop(), ...registries.map((r) => r.stop().catch(() => {}))]);
});

type Message = { value: Buffer; headers?: Record<string, Buffer> };

async function produce(topic: string, messages: Message[]): Promise<void> {
  const producer = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ ...m, partition: 0 })) });
  } finally {
    await producer.disconnect();
  }
}

/** Avro `string` values in the Schema Registry wire format with schema id `id`. */
function avroStrings(id: number, values: string[]): Message[] {
  return values.map((s) => {
    const text = Buffer.from(s);
    return { value: Buffer.concat([writeWireHeader(id), Buffer.from([text.length * 2]), text]) };
  });
}

/** Keeps the runner's warnings, to wait for retries without sleeping. */
function warningsLogger(warnings: string[]): Logger {
  return { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
}

function runner(task: RecordingTask, topic: string, config: Record<string, string>, logger: Logger) {
  return new SinkRunner({
    task,
    logger,
    config: {
      name: 'conversion-retry',
      'consumer.override.group.id': `${topic}-g`,
      'bootstrap.servers': cluster.bootstrapServers,
      topics: topic,
      'offset.flush.interval.ms': '200',
      ...fastGroupConfig(),
      ...config,
    },
  });
}

describe('a converter failing retriably: the Schema Registry unavailable for a while', () => {
  /** A registry (on a fixed port) that knows `topic`'s schema as id 1, then is stopped. */
  async function registryDown(topic: string): Promise<{ port: number; url: string }> {
    const registry = await startSchemaRegistry();
    registries.push(registry);
    expect(registry.register(`${topic}-value`, { type: 'string' })).toBe(1);
    await registry.stop();
    return { port: Number(new URL(registry.url).port), url: registry.url };
  }

  it('errors.retry.timeout: records wait until the registry is back, none reaches the DLQ', async () => {
    const topic = uniqueName('sr-retry');
    const dlq = uniqueName('sr-retry-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    await produce(topic, avroStrings(1, ['a', 'b', 'c', 'd']));
    const { port, url } = await registryDown(topic);

    const warnings: string[] = [];
    const task = new RecordingTask();
    const r = runner(
      task,
      topic,
      {
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        'value.converter.schema.registry.url': url,
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.retry.timeout': '120000',
        'errors.retry.delay.max.ms': '500',
      },
      warningsLogger(warnings),
    );
    await r.start();
    const retries = () => warnings.filter((w) => w.startsWith('Retrying a retriable conversion failure')).length;
    await waitFor(() => retries() >= 2, 'two conversion retries while the registry is down', 60_000);
    expect(task.received).toEqual([]);

    const back = await startSchemaRegistry({ port });
    registries.push(back);
    back.register(`${topic}-value`, { type: 'string' });
    await waitFor(() => task.received.length >= 4, 'every record once the registry is back', 60_000);
    await r.stop();

    expect(task.received.map((rec) => rec.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.status().state).toBe('STOPPED');
    expect(await readRecords(cluster.bootstrapServers, dlq, { idleTimeoutMs: 1_000 })).toEqual([]);
  });

  it('errors.retry.timeout=0 (the default): errors.tolerance=all sends the records to the DLQ at once', async () => {
    const topic = uniqueName('sr-noretry');
    const dlq = uniqueName('sr-noretry-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    await produce(topic, avroStrings(1, ['a', 'b']));
    const { url } = await registryDown(topic);

    const task = new RecordingTask();
    const r = runner(
      task,
      topic,
      {
        'value.converter': 'AvroConverter',
        'value.converter.schema.registry.url': url,
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
      warningsLogger([]),
    );
    await r.start();
    const dead = await readRecords(cluster.bootstrapServers, dlq, { count: 2, idleTimeoutMs: 30_000 });
    await r.stop();
    expect(dead.map((d) => d.headers['__connect.errors.exception.class.name'])).toEqual([
      'RetriableError',
      'RetriableError',
    ]);
    expect(task.received).toEqual([]);
  });

  it('a stop during the retry ends it: the task stops cleanly and commits nothing past the record', async () => {
    const topic = uniqueName('sr-stop');
    await cluster.createTopic(topic, 1);
    await produce(topic, avroStrings(1, ['a']));
    const { url } = await registryDown(topic);
    const warnings: string[] = [];
    const task = new RecordingTask();
    const r = runner(
      task,
      topic,
      {
        'value.converter': 'AvroConverter',
        'value.converter.schema.registry.url': url,
        'errors.tolerance': 'all',
        'errors.retry.timeout': '-1',
        'errors.retry.delay.max.ms': '60000',
      },
      warningsLogger(warnings),
    );
    await r.start();
    await waitFor(() => warnings.some((w) => w.startsWith('Retrying')), 'a conversion retry', 60_000);
    await r.stop();
    expect(r.status().state).toBe('STOPPED');
    expect(task.received).toEqual([]);
    const committed = await committedOffsets(cluster.bootstrapServers, `${topic}-g`, topic);
    expect(committed.get(0) ?? -1n).toBeLessThanOrEqual(0n);
  });
});

describe('header.converter against the cluster', () => {
  it('a header the converter cannot read sends its record to the DLQ at stage HEADER_CONVERTER', async () => {
    const topic = uniqueName('hdr');
    const dlq = uniqueName('hdr-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    await produce(topic, [
      { value: Buffer.from('a'), headers: { n: Buffer.from('1') } },
      { value: Buffer.from('b'), headers: { n: Buffer.from('2'), trace: Buffer.from([0xff, 0xfe]) } },
      { value: Buffer.from('c'), headers: { n: Buffer.from('3') } },
    ]);
    const task = new RecordingTask();
    const r = runner(
      task,
      topic,
      {
        'value.converter': 'StringConverter',
        'header.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
      warningsLogger([]),
    );
    await r.start();
    await waitFor(() => task.received.length >= 2, 'the records whose headers convert');
    await r.stop();

    expect(task.received.map((rec) => [rec.value, rec.headers.lastWithName('n')?.value])).toEqual([
      ['a', '1'],
      ['c', '3'],
    ]);
    const [dead] = await readRecords(cluster.bootstrapServers, dlq, { count: 1, idleTimeoutMs: 1_000 });
    expect(dead?.headers).toMatchObject({
      '__connect.errors.offset': '1',
      '__connect.errors.stage': 'HEADER_CONVERTER',
      '__connect.errors.class.name': 'org.apache.kafka.connect.storage.StringConverter',
      '__connect.errors.exception.class.name': 'DataError',
    });
    expect(dead?.headers['__connect.errors.exception.message']).toContain("Header 'trace' could not be converted");
    expect(dead?.value).toBe('b');
  });

  it('with errors.tolerance=none the task fails naming the header key, topic, partition and offset', async () => {
    const topic = uniqueName('hdr-none');
    await cluster.createTopic(topic, 1);
    await produce(topic, [{ value: Buffer.from('a'), headers: { trace: Buffer.from([0xc3]) } }]);
    const task = new RecordingTask();
    const r = runner(
      task,
      topic,
      { 'value.converter': 'StringConverter', 'header.converter': 'StringConverter' },
      warningsLogger([]),
    );
    await r.start();
    const status = await r.done;
    expect(status.state).toBe('FAILED');
    expect(status.error?.message).toBe(
      `Tolerance exceeded in error handler: HEADER_CONVERTER (StringConverter) failed: Header 'trace' could not be converted by StringConverter: StringConverter: bytes are not valid utf8 (topic ${topic}, partition 0, offset 0)`,
    );
    await r.stop();
  });
});
