import { ConfigDef, ConfigError, type ConnectorProps, SinkConnector, type SinkTask } from '@sinkkit/core';
import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRunner, silentLogger } from '../../src/index.js';
import { fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { protocolViolations, RecordingTask } from '../helpers/recording-task.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

/** Tasks the runner created, in creation order, with the props each was started with. */
const tasks: PropsTask[] = [];

class PropsTask extends RecordingTask {
  props: ConnectorProps = {};
  constructor() {
    super();
    tasks.push(this);
  }
  override start(props: ConnectorProps): void {
    this.props = props;
    super.start(props);
  }
}

/** A connector that hands each task a copy of its props with the task's number, as connectors usually do. */
class CopyingConnector extends SinkConnector {
  maxTasksAsked: number[] = [];
  started: ConnectorProps | undefined;
  stopped = false;
  /** Settings to add to one task's config, by task number (to make a task fail). */
  overrides: Record<number, Record<string, string>> = {};

  version() {
    return 'test';
  }
  config() {
    return new ConfigDef();
  }
  start(props: ConnectorProps) {
    this.started = props;
  }
  taskClass(): new () => SinkTask {
    return PropsTask;
  }
  taskConfigs(maxTasks: number): ConnectorProps[] {
    this.maxTasksAsked.push(maxTasks);
    return Array.from({ length: maxTasks }, (_, i) => ({
      ...this.started,
      'task.number': String(i),
      ...this.overrides[i],
    }));
  }
  stop() {
    this.stopped = true;
  }
}

function connectorConfig(topic: string, maxTasks: number): Record<string, string> {
  return {
    name: uniqueName('connector'),
    'tasks.max': String(maxTasks),
    'bootstrap.servers': cluster.bootstrapServers,
    topics: topic,
    'value.converter': 'StringConverter',
    'offset.flush.interval.ms': '300',
    ...fastGroupConfig(),
  };
}

describe('ConnectorRunner', () => {
  it('runs taskConfigs(tasks.max) tasks that share the partitions, and stop stops them all', async () => {
    tasks.length = 0;
    const topic = uniqueName('connector');
    await cluster.createTopic(topic, 4);
    const produced = await produceRecords(cluster.bootstrapServers, topic, 400);
    const connector = new CopyingConnector();
    const runner = new ConnectorRunner({ connector, config: connectorConfig(topic, 2), logger: silentLogger });
    await runner.start();

    expect(connector.maxTasksAsked).toEqual([2]);
    expect(tasks).toHaveLength(2);
    expect(tasks.map((t) => [t.props['task.number'], t.props['task.id']])).toEqual([
      ['0', '0'],
      ['1', '1'],
    ]);
    expect(runner.status().map((s) => [s.taskId, s.state])).toEqual([
      [0, 'RUNNING'],
      [1, 'RUNNING'],
    ]);

    // The group settles with both tasks holding partitions: disjoint, together all four.
    const settled = () => {
      const assignments = runner.status().map((s) => s.assignment);
      const all = assignments.flat();
      return assignments.every((a) => a.length > 0) && all.length === 4 && new Set(all).size === 4;
    };
    const delivered = () => {
      const ids = new Set<string>();
      for (const t of tasks) for (const r of t.received) ids.add(`${r.kafkaPartition}:${r.kafkaOffset}`);
      return ids.size;
    };
    await waitFor(() => settled() && delivered() >= 400, 'both tasks holding partitions and every record', 60_000);
    const byTask = runner.status().map((s) => s.assignment);
    runner.pause();
    expect(runner.status().map((s) => s.state)).toEqual(['PAUSED', 'PAUSED']);
    runner.resume();
    expect(runner.status().map((s) => s.state)).toEqual(['RUNNING', 'RUNNING']);
    await runner.stop();

    expect((await runner.done).map((s) => s.state)).toEqual(['STOPPED', 'STOPPED']);
    expect(runner.status().map((s) => s.state)).toEqual(['STOPPED', 'STOPPED']);
    expect(connector.stopped).toBe(true);
    for (const [i, task] of tasks.entries()) {
      expect(task.events.at(-1)).toEqual({ kind: 'stop' });
      expect(protocolViolations(task.events)).toEqual([]);
      // Each task ends up closing exactly what it held at the end.
      const closes = task.events.filter((e) => e.kind === 'close');
      expect(closes.at(-1)).toEqual({ kind: 'close', partitions: [...(byTask[i] ?? [])].sort() });
    }
    // Every produced record reached a task, in offset order within each delivery run.
    for (const [partition, ids] of produced.idsByPartition) {
      const seen = new Set(
        tasks.flatMap((t) => t.received.filter((r) => r.kafkaPartition === partition).map((r) => r.kafkaOffset)),
      );
      expect(seen.size, `partition ${partition}`).toBe(ids.length);
    }
  });

  it('when a task fails to start, stops the ones started and the connector, and rethrows', async () => {
    tasks.length = 0;
    const topic = uniqueName('connector-bad');
    await cluster.createTopic(topic, 2);
    const connector = new CopyingConnector();
    connector.overrides[1] = { 'offset.flush.interval.ms': '-1' };
    const runner = new ConnectorRunner({ connector, config: connectorConfig(topic, 2), logger: silentLogger });

    const error = await runner.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'Invalid value -1 for configuration offset.flush.interval.ms: must be at least 0',
    );
    expect(runner.status().map((s) => s.state)).toEqual(['STOPPED', 'FAILED']);
    expect(connector.stopped).toBe(true);
    expect(tasks[0]?.events.at(-1)).toEqual({ kind: 'stop' });
  });
});
