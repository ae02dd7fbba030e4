import { spawn } from 'node:child_process';
import { BenchError } from '../errors.js';
import type { Figures } from '../scenario.js';

/** Options of {@link measureKcat}. */
export interface KcatOptions {
  /** Kill kcat and fail after this long. Default 300 000 ms. */
  timeoutMs?: number;
}

// kcat prints one value per line into `wc`, which counts lines and bytes. Counting in a C
// process keeps the baseline a C pipeline: reading 100+ MB through a Node pipe made it up to
// twice as slow, and Node's CPU would compete with kcat's and the broker's on a 2-core machine.
const PIPELINE = 'set -o pipefail; kcat "$@" | wc -l -c';

/**
 * Reads the first `expectedCount` records of `topic` with kcat (librdkafka's C consumer: every
 * partition assigned directly, no consumer group), piped into `wc`. `-c expectedCount` makes kcat
 * exit at the last expected record, so the clock (spawn to exit) stops there, as
 * `measureRawKafkajs`'s does; kcat's start-up, metadata and offset look-ups count against it.
 * `fetch.wait.max.ms` is 100 ms, as kafkajs's `maxWaitTimeInMs` in `mockClusterConsumerConfig`.
 * Needs `bash` and `kcat` (Debian: `apt-get install kcat`; `npm run setup` installs it).
 *
 * Values must not contain newlines (testkit's JSON values don't).
 *
 * @throws BenchError when kcat is missing, fails, or reads a different number of records.
 */
export async function measureKcat(
  bootstrapServers: string,
  topic: string,
  expectedCount: number,
  options: KcatOptions = {},
): Promise<Figures> {
  const kcatArgs = ['-C', '-b', bootstrapServers, '-t', topic, '-o', 'beginning', '-e', '-q'];
  kcatArgs.push('-c', String(expectedCount), '-X', 'fetch.wait.max.ms=100');
  const startedAt = performance.now();
  const shell = spawn('bash', ['-c', PIPELINE, 'kcat', ...kcatArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  shell.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  shell.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const timeoutMs = options.timeoutMs ?? 300_000;
  const timer = setTimeout(() => shell.kill('SIGKILL'), timeoutMs);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    shell.on('error', (error) => reject(new BenchError(`could not run bash: ${error.message}`, { cause: error })));
    shell.on('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => clearTimeout(timer));
  const seconds = (performance.now() - startedAt) / 1000;
  if (exit.code === 127) {
    throw new BenchError(`kcat is not installed (apt-get install kcat, or npm run setup): ${stderr.trim()}`);
  }
  if (exit.code !== 0) {
    const how =
      exit.signal === 'SIGKILL' ? `was killed after ${timeoutMs} ms` : `exited with ${exit.signal ?? exit.code}`;
    throw new BenchError(`kcat ${how}: ${stderr.trim()}`);
  }
  const [lines = Number.NaN, outputBytes = Number.NaN] = stdout.trim().split(/\s+/).map(Number);
  if (lines !== expectedCount) {
    throw new BenchError(`kcat read ${lines} records from ${topic}, expected ${expectedCount}: ${stderr.trim()}`);
  }
  return { records: lines, bytes: outputBytes - lines, seconds };
}
