import { writeWireHeader } from '@sinkkit/converters';
import {
  type KafkaCluster,
  readRecords,
  type SchemaRegistryDouble,
  startKafkaCluster,
  startSchemaRegistry,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { produceMessages } from '../helpers/produce.js';
import { RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
let registry: SchemaRegistryDouble;
beforeAll(async () => {
  [cluster, registry] = await Promise.all([startKafkaCluster(), startSchemaRegistry()]);
});
afterAll(async () => {
  await Promise.all([cluster?.stop(), registry?.stop()]);
});

function produce(topic: string, values: Buffer[]): Promise<void> {
  return produceMessages(
    cluster.bootstrapServers,
    topic,
    values.map((value, i) => ({ key: `k${i}`, value, partition: 0 })),
  );
}

function runner(task: RecordingTask, topic: string, dlq: string, converter: Record<string, string>) {
  return new SinkRunner({
    task,
    logger: silentLogger,
    config: {
      name: 'converter-dlq',
      'task.id': '0',
      'consumer.override.group.id': `${topic}-g`,
      'bootstrap.servers': cluster.bootstrapServers,
      topics: topic,
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.context.headers.enable': 'true',
      'offset.flush.interval.ms': '200',
      ...fastGroupConfig(),
      ...converter,
    },
  });
}

describe('converters from @sinkkit/converters under errors.tolerance=all', () => {
  it('JsonConverter (by Connect class name): undecodable records go to the DLQ with error headers', async () => {
    const topic = uniqueName('json-src');
    const dlq = uniqueName('json-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    const good = (n: number) => Buffer.from(JSON.stringify({ schema: { type: 'int32' }, payload: n }));
    await produce(topic, [
      good(0),
      Buffer.from('{"schema": {"type": "int32"}, "payload": '),
      good(2),
      Buffer.from('{"a":1}'),
      good(4),
    ]);
    const task = new RecordingTask();
    const r = runner(task, topic, dlq, { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter' });
    await r.start();
    await waitFor(() => task.received.length >= 3, 'the good records');
    await r.stop();

    expect(task.received.map((rec) => rec.value)).toEqual([0, 2, 4]);
    const dead = await readRecords(cluster.bootstrapServers, dlq, { count: 2, idleTimeoutMs: 1_000 });
    expect(dead.map((d) => d.headers['__connect.errors.offset'])).toEqual(['1', '3']);
    expect(dead[0]?.value).toBe('{"schema": {"type": "int32"}, "payload": ');
    expect(dead[0]?.headers).toMatchObject({
      '__connect.errors.topic': topic,
      '__connect.errors.partition': '0',
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.class.name': 'org.apache.kafka.connect.json.JsonConverter',
      '__connect.errors.exception.class.name': 'DataError',
    });
    expect(dead[0]?.headers['__connect.errors.exception.message']).toContain('malformed JSON');
    expect(dead[1]?.headers['__connect.errors.exception.message']).toContain('requires "schema" and "payload"');
  });

  it('AvroConverter (short name): wrong magic byte, unknown schema id and truncated Avro go to the DLQ', async () => {
    const topic = uniqueName('avro-src');
    const dlq = uniqueName('avro-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    const id = registry.register(`${topic}-value`, { type: 'string' });
    const avroString = (s: string) => {
      const text = Buffer.from(s);
      return Buffer.concat([writeWireHeader(id), Buffer.from([text.length * 2]), text]); // zigzag length + bytes
    };
    await produce(topic, [
      avroString('first'),
      Buffer.from('plain text'),
      Buffer.concat([writeWireHeader(424242), Buffer.from([2, 0x61])]),
      avroString('truncated').subarray(0, 8),
      avroString('last'),
    ]);
    const task = new RecordingTask();
    const r = runner(task, topic, dlq, {
      'value.converter': 'AvroConverter',
      'value.converter.schema.registry.url': registry.url,
    });
    await r.start();
    await waitFor(() => task.received.length >= 2, 'the good records');
    await r.stop();

    expect(task.received.map((rec) => rec.value)).toEqual(['first', 'last']);
    const dead = await readRecords(cluster.bootstrapServers, dlq, { count: 3, idleTimeoutMs: 1_000 });
    expect(dead.map((d) => d.headers['__connect.errors.offset'])).toEqual(['1', '2', '3']);
    const messages = dead.map((d) => d.headers['__connect.errors.exception.message']);
    expect(messages[0]).toContain('Unknown magic byte!');
    expect(messages[1]).toContain('40403');
    expect(messages[2]).toContain('truncated');
    expect(dead[2]?.headers['__connect.errors.class.name']).toBe('AvroConverter');
  });

  it('a record the task reports goes to the DLQ with the bytes it was fetched as (stage TASK_PUT)', async () => {
    const topic = uniqueName('put-src');
    const dlq = uniqueName('put-dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    const sent = [0, 1, 2].map((n) => `{"schema":{"type":"int32"},"payload":${n}}`);
    await produce(
      topic,
      sent.map((v) => Buffer.from(v)),
    );
    const task = new RecordingTask();
    const reports: Promise<void>[] = [];
    task.onPut = (records, t) => {
      for (const rec of records) {
        const reporter = t.ctx.errantRecordReporter();
        if (rec.value === 1 && reporter) reports.push(reporter.report(rec, new Error('rejected by the task')));
      }
    };
    const r = runner(task, topic, dlq, { 'value.converter': 'JsonConverter' });
    await r.start();
    await waitFor(() => task.received.length >= 3 && reports.length === 1, 'the records and the report');
    await Promise.all(reports);
    await r.stop();

    const dead = await readRecords(cluster.bootstrapServers, dlq, { count: 1, idleTimeoutMs: 1_000 });
    expect(dead).toHaveLength(1);
    // The converted value was the number 1: only the fetched record still has its bytes and key.
    expect(dead[0]?.value).toBe(sent[1]);
    expect(dead[0]?.key).toBe('k1');
    expect(dead[0]?.headers).toMatchObject({
      '__connect.errors.offset': '1',
      '__connect.errors.stage': 'TASK_PUT',
      '__connect.errors.class.name': 'RecordingTask',
      '__connect.errors.exception.message': 'rejected by the task',
    });
  });

  it('errors.tolerance=none names topic, partition and offset of the undecodable record', async () => {
    const topic = uniqueName('json-none');
    await cluster.createTopic(topic, 1);
    await produce(topic, [Buffer.from('{"schema":null,"payload":1}'), Buffer.from('not json')]);
    const task = new RecordingTask();
    const r = new SinkRunner({
      task,
      logger: silentLogger,
      config: {
        name: 'converter-none',
        'consumer.override.group.id': `${topic}-g`,
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'value.converter': 'JsonConverter',
        ...fastGroupConfig(),
      },
    });
    await r.start();
    const status = await r.done;
    expect(status.state).toBe('FAILED');
    expect(status.error?.message).toMatch(
      new RegExp(
        `^Tolerance exceeded in error handler: VALUE_CONVERTER \\(JsonConverter\\) failed: Converting byte\\[\\] to Kafka Connect data failed: malformed JSON: .* \\(topic ${topic}, partition 0, offset 1\\)$`,
      ),
    );
    await r.stop();
  });
});
