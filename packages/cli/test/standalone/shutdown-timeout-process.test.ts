import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process.js';

// SIGTERM takes effect within task.shutdown.graceful.timeout.ms (plus at most 1 s to leave the
// consumer group) whatever start-up is doing: a consumer group that never forms, a connector or a
// task whose start() never returns. A second signal exits at once.
const TIMEOUT_MS = 2_000;
// Leaving the group, process exit, and scheduling on a loaded 2-core machine.
const SLACK_MS = 2_500;
const HANGING = fileURLToPath(new URL('../fixtures/hanging-connector.js', import.meta.url));
const LINES = fileURLToPath(new URL('../fixtures/line-file-connector.js', import.meta.url));

const env = useTestEnvironment({ kafka: { topics: [{ name: 'idle', partitions: 1 }] } }, { beforeAll, afterAll });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-shutdown-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function workerFile(bootstrap: string, timeoutMs = TIMEOUT_MS): string {
  return write(`worker-${timeoutMs}.properties`, [
    `bootstrap.servers=${bootstrap}`,
    'value.converter=org.apache.kafka.connect.storage.StringConverter',
    `task.shutdown.graceful.timeout.ms=${timeoutMs}`,
    'consumer.session.timeout.ms=3000',
    'consumer.heartbeat.interval.ms=300',
    'consumer.fetch.max.wait.ms=100',
  ]);
}

function connectorFile(name: string, connectorClass: string, extra: string[] = []): string {
  return write(`${name}.properties`, [`name=${name}`, `connector.class=${connectorClass}`, 'topics=idle', ...extra]);
}

/** Sends SIGTERM and resolves the exit code and how long the process took to exit after it. */
async function terminate(proc: ServerProcess): Promise<{ code: number | null; ms: number }> {
  const sent = Date.now();
  process.kill(proc.pid, 'SIGTERM');
  const code = await proc.exited;
  return { code, ms: Date.now() - sent };
}

describe('sinkkit standalone: SIGTERM while start-up stalls', () => {
  it('exits 0 at once when the consumer group never forms (a broker that accepts connections and never answers)', async () => {
    const silent = await silentBroker();
    const proc = startCli([
      'standalone',
      workerFile(silent.address),
      connectorFile('no-group', `${LINES}#LineFileConnector`, [`line.file=${join(dir, 'no-group.out')}`]),
    ]);
    try {
      await proc.waitForOutput(/starting connector no-group/, 15_000);
      const deadline = Date.now() + 15_000;
      while (silent.connections() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(silent.connections()).toBeGreaterThan(0);
      // kafkajs now waits 30 s for an answer to its first request, then retries.
      await new Promise((r) => setTimeout(r, 500));
      const { code, ms } = await terminate(proc);
      const output = proc.output();
      expect(code, output).toBe(0);
      expect(ms, output).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(output).toContain('stop requested during start-up: stopping now');
      expect(output).toContain('[sinkkit] stopped');
      expect(output).not.toContain('started 1 connector');
    } finally {
      await proc.stop(1_000);
      await silent.close();
    }
  });

  it.each([
    [
      'connector',
      'HangingStartConnector',
      /Connector hang-connector: start\(\) did not return within task\.shutdown\.graceful\.timeout\.ms=2000 ms/,
    ],
    [
      'task',
      'HangingTaskConnector',
      /Task hang-task-0 did not stop within task\.shutdown\.graceful\.timeout\.ms=2000 ms \(waiting on task start\(\)\)/,
    ],
  ])(
    'exits 3 within the timeout when a %s start() never returns, naming it in one line',
    async (kind, className, line) => {
      const name = `hang-${kind}`;
      const proc = startCli([
        'standalone',
        workerFile(env.current.kafka.bootstrapServers),
        connectorFile(name, `${HANGING}#${className}`),
      ]);
      try {
        await proc.waitForOutput(new RegExp(`starting connector ${name}`), 15_000);
        await new Promise((r) => setTimeout(r, 500));
        const { code, ms } = await terminate(proc);
        const output = proc.output();
        expect(code, output).toBe(3);
        expect(ms, output).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
        expect(ms, output).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        expect(output.match(new RegExp(line.source, 'g')), output).toHaveLength(1);
        expect(output).toContain('uncommitted records will be re-read from Kafka');
        expect(output).toContain(`[sinkkit] stopped, giving up on ${name} after task.shutdown.graceful.timeout.ms`);
      } finally {
        await proc.stop(1_000);
      }
    },
  );

  it('exits 130 at once on a second SIGTERM while the first stop waits', async () => {
    const proc = startCli([
      'standalone',
      workerFile(env.current.kafka.bootstrapServers, 60_000),
      connectorFile('hang-twice', `${HANGING}#HangingStartConnector`),
    ]);
    try {
      await proc.waitForOutput(/starting connector hang-twice/, 15_000);
      process.kill(proc.pid, 'SIGTERM');
      await proc.waitForOutput(/stop requested during start-up/, 5_000);
      const { code, ms } = await terminate(proc);
      expect(code, proc.output()).toBe(130);
      expect(ms).toBeLessThan(1_500);
    } finally {
      await proc.stop(1_000);
    }
  });
});

/** A TCP server that accepts connections and never sends a byte: a broker stuck for good. */
async function silentBroker(): Promise<{ address: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
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
