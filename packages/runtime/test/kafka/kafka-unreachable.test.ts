import { format } from 'node:util';
import { freePort } from '@sinkkit/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KafkaConnectError, type Logger, SinkRunner } from '../../src/index.js';
import { RecordingTask } from '../helpers/recording-task.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A logger that keeps every line as the console logger would print it. */
function recordingLogger(): Logger & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, text: format(message, fields ?? '') });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function startAgainst(
  bootstrap: string,
  logger?: Logger,
  thread: 'main' | 'worker' = 'main',
): Promise<{ error: Error; elapsedMs: number }> {
  const runner = new SinkRunner({
    task: new RecordingTask(),
    ...(logger ? { logger } : {}),
    config: {
      name: 'unreachable',
      'bootstrap.servers': bootstrap,
      topics: 'orders',
      'sinkkit.consumer.thread': thread,
    },
  });
  const started = Date.now();
  const error = await runner.start().then(
    () => new Error('started'),
    (e: unknown) => e as Error,
  );
  return { error, elapsedMs: Date.now() - started };
}

describe('an unreachable broker', () => {
  it('fails the start with one typed line naming bootstrap.servers, its value and what was tried', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const { error, elapsedMs } = await startAgainst(`127.0.0.1:${port}`, logger);

    expect(error).toBeInstanceOf(KafkaConnectError);
    const connect = error as KafkaConnectError;
    expect(connect.code).toBe('KAFKA_UNREACHABLE');
    expect(connect.retriable).toBe(true);
    expect(connect.message).toMatch(
      new RegExp(
        `^cannot reach Kafka at bootstrap.servers=127\\.0\\.0\\.1:${port} \\(connection refused, \\d+ attempts over \\d+\\.\\d s\\)$`,
      ),
    );
    expect(connect.attempts).toBeGreaterThan(1);
    expect(connect.elapsedMs).toBeLessThanOrEqual(elapsedMs);
    // The retries kafkajs logs while connecting are debug lines; nothing above debug shows a stack.
    const shown = logger.lines.filter((l) => l.level !== 'debug');
    expect(shown.filter((l) => /Connection error|Failed to connect to seed broker/.test(l.text))).toEqual([]);
    for (const line of shown) expect(line.text).not.toMatch(/\n\s+at /);
    expect(logger.lines.some((l) => l.level === 'debug' && /ECONNREFUSED/.test(l.text))).toBe(true);
  }, 30_000);

  it('writes no kafkajs stack dumps to stderr with the default logger', async () => {
    const written: string[] = [];
    const capture = (...args: unknown[]) => {
      written.push(format(...args));
    };
    vi.spyOn(console, 'warn').mockImplementation(capture);
    vi.spyOn(console, 'error').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const port = await freePort();
    const { error } = await startAgainst(`127.0.0.1:${port}`);
    stderr.mockRestore();

    expect(error.message).toMatch(/^cannot reach Kafka at bootstrap\.servers=/);
    const text = written.join('');
    expect(text).not.toMatch(/\n\s+at /);
    expect(text).not.toContain('ECONNREFUSED');
    // At most the runner's own one-line report.
    expect(written.length).toBeLessThanOrEqual(1);
  }, 30_000);

  it('fails the same way when the consumer runs on a worker thread', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const { error } = await startAgainst(`127.0.0.1:${port}`, logger, 'worker');
    expect(error).toBeInstanceOf(KafkaConnectError);
    expect((error as KafkaConnectError).attempts).toBeGreaterThan(1);
    expect(error.message).toMatch(
      new RegExp(
        `^cannot reach Kafka at bootstrap.servers=127\\.0\\.0\\.1:${port} \\(connection refused, \\d+ attempts over \\d+\\.\\d s\\)$`,
      ),
    );
    for (const line of logger.lines.filter((l) => l.level !== 'debug')) expect(line.text).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('names a host that does not resolve', async () => {
    const { error } = await startAgainst('kafka.invalid:9092', recordingLogger());
    expect(error.message).toMatch(
      /^cannot reach Kafka at bootstrap\.servers=kafka\.invalid:9092 \((host not found|host name lookup failed), \d+ attempts? over/,
    );
  }, 30_000);
});
