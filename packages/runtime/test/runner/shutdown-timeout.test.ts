import { createServer, type Server, type Socket } from 'node:net';
import {
  ConfigDef,
  ConfigError,
  type ConnectorProps,
  SinkConnector,
  type SinkRecord,
  type SinkTask,
  systemClock,
} from '@sinkkit/core';
import { type KafkaCluster, produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRunner, type Logger, SinkRunner } from '../../src/index.js';
import { settlesWithin } from '../../src/runner/shutdown-timeout.js';
import { committedOffsets, fastGroupConfig, uniqueName, waitFor } from '../helpers/kafka.js';
import { RecordingTask } from '../helpers/recording-task.js';

// task.shutdown.graceful.timeout.ms: a stop resolves within it (plus at most 1 s to leave the
// group) whatever the task, the store behind it or start-up is doing, and commits nothing for a
// task it gave up on, so the next owner reads the uncommitted records again.
const TIMEOUT_MS = 1_500;
const LEAVE_MS = 1_000;
// Scheduling slack on a loaded 2-core machine.
const SLACK_MS = 1_500;

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafkaCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const never = () => new Promise<never>(() => {});

// What the timeout line says the task was doing.
const WAITING_ON = {
  put: /\(waiting on put\(\)\)/,
  preCommit: /\(waiting on (shutting down: final commit|preCommit\(\) or an offset commit)\)/,
  close: /\(waiting on shutting down: close\)/,
  stop: /\(waiting on shutting down: task stop\)/,
};

/** A logger keeping every line, to assert on what an operator would read. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { lines, debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function config(topic: string, group: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    name: uniqueName('stop'),
    'consumer.override.group.id': group,
    'bootstrap.servers': cluster.bootstrapServers,
    topics: topic,
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    // No scheduled commit: only the final one could commit anything.
    'offset.flush.interval.ms': '600000',
    'task.shutdown.graceful.timeout.ms': String(TIMEOUT_MS),
    ...fastGroupConfig(),
    ...extra,
  };
}

async function timed(work: Promise<unknown>): Promise<number> {
  const started = Date.now();
  await work;
  return Date.now() - started;
}

/** A RecordingTask whose chosen call never returns, once records have arrived. */
class HangingTask extends RecordingTask {
  constructor(readonly hangIn: 'put' | 'preCommit' | 'close' | 'stop') {
    super();
  }
  override put(records: readonly SinkRecord[]): Promise<void> | undefined {
    super.put(records);
    return this.hangIn === 'put' ? never() : undefined;
  }
  override preCommit(current: Parameters<RecordingTask['preCommit']>[0]) {
    const answer = super.preCommit(current);
    return this.hangIn === 'preCommit' ? never() : answer;
  }
  override close(partitions: Parameters<RecordingTask['close']>[0]): Promise<void> | undefined {
    super.close(partitions);
    return this.hangIn === 'close' ? never() : undefined;
  }
  override stop(): Promise<void> | undefined {
    super.stop();
    return this.hangIn === 'stop' ? never() : undefined;
  }
}

describe('task.shutdown.graceful.timeout.ms', () => {
  it.each([
    ['put', 'main'],
    ['put', 'worker'],
    ['preCommit', 'main'],
    ['close', 'main'],
    ['stop', 'main'],
  ] as const)(
    'stop() resolves within the timeout when %s() never returns (consumer on the %s thread), commits nothing more and leaves the group',
    async (hangIn, thread) => {
      const topic = uniqueName(`hang-${hangIn.toLowerCase()}-${thread}`);
      const group = `${topic}-g`;
      await cluster.createTopic(topic, 2);
      await produceRecords(cluster.bootstrapServers, topic, 200);
      const task = new HangingTask(hangIn);
      const logger = recordingLogger();
      const runner = new SinkRunner({ task, logger, config: config(topic, group, fastGroupConfig(thread)) });
      await runner.start();
      await waitFor(() => task.received.length > 0, 'the first records');
      const took = await timed(runner.stop());

      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(took).toBeLessThan(TIMEOUT_MS + LEAVE_MS + SLACK_MS);
      expect(runner.abandoned).toBe(true);
      expect(runner.status().state).toBe('STOPPED');
      const timeoutLines = logger.lines.filter((l) => l.includes('did not stop within'));
      expect(timeoutLines).toHaveLength(1);
      expect(timeoutLines[0]).toContain(`task.shutdown.graceful.timeout.ms=${TIMEOUT_MS} ms`);
      expect(timeoutLines[0]).toContain(`-0 did not stop`);
      expect(timeoutLines[0]).toContain('re-read from Kafka');
      expect(timeoutLines[0]).toMatch(WAITING_ON[hangIn]);
      // The group committed nothing: the abandoned task's records are all read again.
      const committed = await committedOffsets(cluster.bootstrapServers, group, topic);
      const afterStop = [...committed.values()].filter((o) => o >= 0n);
      if (hangIn === 'close' || hangIn === 'stop') {
        // Here the final commit went through before the hang: what preCommit returned is kept.
        expect(afterStop.length).toBeGreaterThan(0);
      } else {
        expect(afterStop).toEqual([]);
      }

      // The consumer left the group: a new member of it is assigned everything at its first join
      // (not after the old member's 3 s session expired) and reads from the committed offsets.
      const next = new RecordingTask();
      const second = new SinkRunner({ task: next, logger: recordingLogger(), config: config(topic, group) });
      await second.start();
      await waitFor(() => next.received.length >= 200 - Number(sum(afterStop)), 'the records again', 20_000);
      await second.stop();
      expect(second.abandoned).toBe(false);
      const seen = new Set(next.received.map((r) => `${r.kafkaPartition}:${r.kafkaOffset}`));
      expect(seen.size).toBe(200 - Number(sum(afterStop)));
    },
  );

  it('bounds a stop while the task start() never returns; start() then resolves, STOPPED', async () => {
    const topic = uniqueName('hang-start');
    await cluster.createTopic(topic, 1);
    const task = new (class extends RecordingTask {
      override start(props: ConnectorProps): Promise<void> {
        super.start(props);
        return never();
      }
    })();
    const logger = recordingLogger();
    const runner = new SinkRunner({ task, logger, config: config(topic, `${topic}-g`) });
    const starting = runner.start();
    await waitFor(() => task.events.length > 0, 'start() called');
    const took = await timed(runner.stop());
    await starting;
    expect(took).toBeLessThan(TIMEOUT_MS + LEAVE_MS + SLACK_MS);
    expect(runner.abandoned).toBe(true);
    expect(runner.status().state).toBe('STOPPED');
    expect(logger.lines.filter((l) => l.includes('did not stop within'))).toEqual([
      expect.stringContaining('(waiting on task start())'),
    ]);
  });

  it('stops at once, gracefully, while the group join never completes (a broker that accepts connections and never answers)', async () => {
    const silent = await silentBroker();
    try {
      const task = new RecordingTask();
      const logger = recordingLogger();
      const runner = new SinkRunner({
        task,
        logger,
        config: { ...config('nowhere', 'nowhere-g'), 'bootstrap.servers': silent.address },
      });
      const starting = runner.start();
      await waitFor(() => silent.connections() > 0, 'the consumer connecting');
      // The join is under way and will not finish: kafkajs waits 30 s per request by default.
      await new Promise((r) => setTimeout(r, 300));
      const took = await timed(runner.stop());
      await starting;
      // Nothing was open and no task call under way: no need to wait for the join or the leave.
      expect(took).toBeLessThan(1_000);
      expect(runner.abandoned).toBe(false);
      expect(runner.status().state).toBe('STOPPED');
      expect(task.events.map((e) => e.kind)).toEqual(['start', 'stop']);
      expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);
    } finally {
      await silent.close();
    }
  });

  it('ConnectorRunner: bounds a stop while the connector start() never returns, and start() resolves', async () => {
    const logger = recordingLogger();
    let startCalled = false;
    const connector = new (class extends SinkConnector {
      version() {
        return 'test';
      }
      config() {
        return new ConfigDef();
      }
      start(): Promise<void> {
        startCalled = true;
        return never();
      }
      taskClass() {
        return RecordingTask as unknown as new () => SinkTask;
      }
      taskConfigs(max: number) {
        return Array.from({ length: max }, () => ({}));
      }
      stop() {}
    })();
    const runner = new ConnectorRunner({ connector, logger, config: config('unused', 'unused-g') });
    const starting = runner.start();
    await waitFor(() => startCalled, 'connector start() called');
    const took = await timed(runner.stop());
    await starting;
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + LEAVE_MS + SLACK_MS);
    expect(runner.abandoned).toBe(true);
    expect(runner.status()).toEqual([]);
    await expect(runner.done).resolves.toEqual([]);
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^error Connector .*: start\(\) did not return within task\.shutdown\.graceful\.timeout\.ms=1500 ms/,
      ),
    ]);
  });

  it('ConnectorRunner: the bound covers all tasks together, each hung in put()', async () => {
    const topic = uniqueName('hang-tasks');
    await cluster.createTopic(topic, 4);
    await produceRecords(cluster.bootstrapServers, topic, 400);
    const tasks: HangingTask[] = [];
    class Task extends HangingTask {
      constructor() {
        super('put');
        tasks.push(this);
      }
    }
    const connector = new (class extends SinkConnector {
      #props: Record<string, string> = {};
      version() {
        return 'test';
      }
      config() {
        return new ConfigDef();
      }
      start(props: Record<string, string>) {
        this.#props = props;
      }
      taskClass() {
        return Task as unknown as new () => SinkTask;
      }
      taskConfigs(max: number) {
        return Array.from({ length: max }, () => ({ ...this.#props }));
      }
      stop() {}
    })();
    const logger = recordingLogger();
    const runner = new ConnectorRunner({
      connector,
      logger,
      config: { ...config(topic, `${topic}-g`), 'tasks.max': '2' },
    });
    await runner.start();
    await waitFor(() => tasks.some((t) => t.received.length > 0), 'records in a task', 20_000);
    const took = await timed(runner.stop());
    expect(took).toBeLessThan(TIMEOUT_MS + LEAVE_MS + SLACK_MS);
    expect(runner.abandoned).toBe(true);
    expect(runner.status().map((s) => s.state)).toEqual(['STOPPED', 'STOPPED']);
    const hung = tasks.filter((t) => t.received.length > 0).length;
    expect(logger.lines.filter((l) => l.includes('did not stop within'))).toHaveLength(hung);
  });

  it('refuses a bad value naming the key, the value and the reason', async () => {
    const runner = new SinkRunner({
      task: new RecordingTask(),
      logger: recordingLogger(),
      config: { ...config('t', 'g'), 'task.shutdown.graceful.timeout.ms': '-5' },
    });
    await expect(runner.start()).rejects.toThrow(
      'Invalid value -5 for configuration task.shutdown.graceful.timeout.ms: must be at least 0',
    );
    const connector = new ConnectorRunner({
      connector: new (class extends SinkConnector {
        version = () => 'x';
        config = () => new ConfigDef();
        start() {}
        taskClass = () => RecordingTask as unknown as new () => SinkTask;
        taskConfigs = () => [{}];
        stop() {}
      })(),
      config: { ...config('t', 'g'), 'task.shutdown.graceful.timeout.ms': 'soon' },
    });
    const error = await connector.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('task.shutdown.graceful.timeout.ms');
    expect((error as ConfigError).message).toContain('soon');
  });
});

describe('settlesWithin', () => {
  it('says whether work settled (either way) in time, and keeps no timer alive', async () => {
    expect(await settlesWithin(Promise.resolve(1), 1_000, systemClock)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('x')), 1_000, systemClock)).toBe(true);
    const started = Date.now();
    expect(await settlesWithin(never(), 100, systemClock)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    const late = new Promise<void>((_, reject) => setTimeout(() => reject(new Error('late')), 50));
    expect(await settlesWithin(late, 0, systemClock)).toBe(false);
    await new Promise((r) => setTimeout(r, 100)); // the late rejection is not unhandled
  });
});

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

/** A TCP server that accepts connections and never sends a byte: a broker stuck for good. */
async function silentBroker(): Promise<{ address: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
