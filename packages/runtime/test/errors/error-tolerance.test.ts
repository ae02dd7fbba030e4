import { type KafkaCluster, readRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { produceValues } from '../helpers/produce.js';
import { RecordingTask } from '../helpers/recording-task.js';
import { StrictConverter } from '../helpers/strict-converter.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const values = Array.from({ length: 50 }, (_, i) => (i % 10 === 5 ? `POISON-${i}` : `v${i}`));

function runner(task: RecordingTask, topic: string, extra: Record<string, string>) {
  return new SinkRunner({
    task,
    logger: silentLogger,
    plugins: { converters: { Strict: StrictConverter } },
    config: {
      name: 'tolerance-test',
      'task.id': '3',
      'consumer.override.group.id': `${topic}-g`,
      'bootstrap.servers': cluster.bootstrapServers,
      topics: topic,
      'value.converter': 'Strict',
      'offset.flush.interval.ms': '200',
      ...fastGroupConfig(),
      ...extra,
    },
  });
}

describe('errors.tolerance', () => {
  it('all: routes undecodable records to the dead-letter queue with Connect context headers', async () => {
    const topic = uniqueName('dlq-src');
    const dlq = uniqueName('dlq');
    await cluster.createTopic(topic, 1);
    await cluster.createTopic(dlq, 1);
    await produceValues(cluster.bootstrapServers, topic, values);
    const task = new RecordingTask();
    const r = runner(task, topic, {
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await r.start();
    await waitFor(() => task.received.length >= 45, 'the good records');
    await r.stop();

    expect(task.received.map((rec) => rec.value)).toEqual(values.filter((v) => !v.startsWith('POISON')));
    const dead = await readRecords(cluster.bootstrapServers, dlq, { count: 5, idleTimeoutMs: 1_000 });
    expect(dead.map((d) => d.value)).toEqual(['POISON-5', 'POISON-15', 'POISON-25', 'POISON-35', 'POISON-45']);
    expect(dead[0]?.key).toBe('k5');
    expect(dead[0]?.headers).toMatchObject({
      origin: 'test',
      '__connect.errors.topic': topic,
      '__connect.errors.partition': '0',
      '__connect.errors.offset': '5',
      '__connect.errors.connector.name': 'tolerance-test',
      '__connect.errors.task.id': '3',
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.class.name': 'Strict',
      '__connect.errors.exception.class.name': 'DataError',
      '__connect.errors.exception.message': `cannot decode a poisoned value (topic ${topic})`,
    });
    expect(dead[0]?.headers['__connect.errors.exception.stacktrace']).toContain('DataError');
    // Past the bad records: the whole topic counts as processed.
    expect((await committedOffsets(cluster.bootstrapServers, `${topic}-g`, topic)).get(0)).toBe(50n);
  });

  it('none: fails the task naming topic, partition and offset, without committing past the bad record', async () => {
    const topic = uniqueName('none');
    await cluster.createTopic(topic, 1);
    await produceValues(cluster.bootstrapServers, topic, values);
    const task = new RecordingTask();
    const r = runner(task, topic, { 'consumer.override.max.poll.records': '3' });
    await r.start();
    const status = await r.done;
    expect(status.state).toBe('FAILED');
    expect(status.error?.message).toBe(
      `Tolerance exceeded in error handler: VALUE_CONVERTER (Strict) failed: cannot decode a poisoned value (topic ${topic}, partition 0, offset 5)`,
    );
    expect(status.error?.code).toBe('DATA_INVALID');
    expect(status.error?.trace).toContain('DataError');
    expect(r.status().state).toBe('FAILED');
    expect(task.received.every((rec) => rec.kafkaOffset < 5n)).toBe(true);
    expect(task.events.at(-1)?.kind).toBe('stop');
    const committed = (await committedOffsets(cluster.bootstrapServers, `${topic}-g`, topic)).get(0) ?? -1n;
    expect(committed).toBeLessThanOrEqual(5n);
    await r.stop();
  });
});
