import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Logger, SinkRunner } from '../../src/index.js';
import { FailingUserTask } from '../fixtures/failing-user-task.js';
import { fastGroupConfig, uniqueName } from '../helpers/kafka.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('a put() that throws', () => {
  it("keeps the user's stack and cause in status().error.trace and the log, and no secret", async () => {
    const topic = uniqueName('trace');
    await cluster.createTopic(topic, 1);
    await produceRecords(cluster.bootstrapServers, topic, 3);
    const marker = `marker-${uniqueName('secret')}`;
    const logged: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) =>
      logged.push(`${message} ${JSON.stringify(fields)}`);
    const logger: Logger = { debug: () => {}, info: log, warn: log, error: log };
    const runner = new SinkRunner({
      task: new FailingUserTask(),
      logger,
      config: {
        name: uniqueName('trace'),
        'bootstrap.servers': cluster.bootstrapServers,
        topics: topic,
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter.basic.auth.user.info': marker,
        'inventory.api.secret': marker,
        ...fastGroupConfig(),
      },
    });
    await runner.start();
    const status = await runner.done;

    expect(status.state).toBe('FAILED');
    expect(status.error?.message).toBe('Task threw an unrecoverable error from put(): could not enrich the batch');
    const trace = status.error?.trace ?? '';
    // The runtime's wrapper first, then the user's error and its cause, each with the user's frames.
    expect(trace).toMatch(/^SinkkitError: Task threw an unrecoverable error from put\(\)/);
    expect(trace).toContain('Caused by: Error: could not enrich the batch');
    expect(trace).toContain('Caused by: Error: inventory service refused 3 records');
    expect(trace).toMatch(/failing-user-task\.ts:\d+/);
    expect(trace.indexOf('could not enrich')).toBeLessThan(trace.indexOf('inventory service refused'));
    expect(logged.join('\n')).toContain('Caused by: Error: inventory service refused 3 records');
    expect(logged.join('\n')).toMatch(/failing-user-task\.ts:\d+/);
    expect(JSON.stringify(runner.status())).not.toContain(marker);
    expect(logged.join('\n')).not.toContain(marker);
  }, 60_000);
});
