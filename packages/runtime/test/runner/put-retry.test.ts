import { RetriableError, SinkkitError } from '@sinkkit/core';
import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkRunner, silentLogger } from '../../src/index.js';
import { fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

function runner(task: RecordingTask, topic: string) {
  return new SinkRunner({
    task,
    logger: silentLogger,
    config: {
      name: uniqueName('retry'),
      'bootstrap.servers': cluster.bootstrapServers,
      topics: topic,
      'consumer.override.max.poll.records': '100',
      'sinkkit.buffer.max.records': '300',
      ...fastGroupConfig(),
    },
  });
}

describe('put() errors', () => {
  it('redelivers the same batch after a RetriableError, losing and reordering nothing', async () => {
    const topic = uniqueName('retry');
    await cluster.createTopic(topic, 2);
    const produced = await produceRecords(cluster.bootstrapServers, topic, 2_000);
    const task = new RecordingTask();
    const failedBatches: string[] = [];
    let calls = 0;
    task.onPut = (records, t) => {
      calls++;
      // Fail every other call for the first 20 calls; the retried batch must be identical.
      if (calls <= 20 && calls % 2 === 1) {
        failedBatches.push(records.map((r) => `${r.kafkaPartition}@${r.kafkaOffset}`).join());
        t.ctx.timeout(20);
        throw new RetriableError('sink is busy');
      }
      if (calls <= 21 && calls % 2 === 0) {
        expect(records.map((r) => `${r.kafkaPartition}@${r.kafkaOffset}`).join()).toBe(failedBatches.at(-1));
      }
    };
    const r = runner(task, topic);
    await r.start();
    await waitFor(() => task.received.length >= 2_000, 'all records');
    await r.stop();
    expect(failedBatches.length).toBe(10);
    for (const [partition, ids] of produced.idsByPartition) {
      expect(task.offsetsByPartition().get(`${topic}-${partition}`)).toEqual(ids.map((_, i) => BigInt(i)));
    }
  });

  it('fails the task on a non-retriable error with a clear status', async () => {
    const topic = uniqueName('fatal');
    await cluster.createTopic(topic, 1);
    await produceRecords(cluster.bootstrapServers, topic, 10);
    const task = new RecordingTask();
    task.onPut = () => {
      throw new SinkkitError('bucket does not exist', { code: 'STORAGE_NOT_FOUND' });
    };
    const r = runner(task, topic);
    await r.start();
    const status = await r.done;
    expect(status).toMatchObject({
      state: 'FAILED',
      error: {
        code: 'STORAGE_NOT_FOUND',
        message: 'Task threw an unrecoverable error from put(): bucket does not exist',
      },
    });
    expect(task.events.at(-1)?.kind).toBe('stop');
  });
});
