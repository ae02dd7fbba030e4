import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchError } from './errors.js';
import type { ChildFigures, Figures } from './scenario.js';

/** Options of {@link measureInChild}. */
export interface MeasureInChildOptions {
  /** Kill the child and fail after this long. Default 600 000 ms. */
  timeoutMs?: number;
  /** Node options for the child (e.g. `--max-old-space-size=512`). Default: this process's. */
  execArgv?: string[];
}

type ChildMessage =
  | { ok: true; figures: Figures; maxRssKb: number; sampledPeakRssBytes: number; cpuMicros: number }
  | { ok: false; error: string };

const MIB = 1024 * 1024;
const SAMPLE_INTERVAL_MS = 50;

/**
 * Runs `script` (a compiled module that calls {@link runInChild}) in a fresh `node` process with
 * `args`, and resolves with the figures it measured plus its peak RSS. A process of its own means
 * the subject's memory is not mixed with the harness's, the broker client of the baseline, or
 * data left over from producing. The child's stdout goes to this process's stderr, so stdout
 * stays for JSON result lines.
 */
export function measureInChild(
  script: string | URL,
  args: readonly string[],
  options: MeasureInChildOptions = {},
): Promise<ChildFigures> {
  const path = script instanceof URL ? fileURLToPath(script) : script;
  const child = fork(path, [...args], {
    stdio: ['ignore', 2, 2, 'ipc'],
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  });
  return new Promise<ChildFigures>((resolve, reject) => {
    let message: ChildMessage | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BenchError(`${path} did not finish within ${options.timeoutMs ?? 600_000} ms`));
    }, options.timeoutMs ?? 600_000);
    child.on('message', (received) => {
      message = received as ChildMessage;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new BenchError(`could not run ${path}: ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (message?.ok) {
        resolve({
          ...message.figures,
          peakRssMb: message.maxRssKb / 1024,
          sampledPeakRssMb: message.sampledPeakRssBytes / MIB,
          cpuSeconds: message.cpuMicros / 1e6,
        });
      } else if (message) {
        reject(new BenchError(`${path} failed: ${message.error}`));
      } else {
        reject(new BenchError(`${path} exited (${signal ?? `code ${code}`}) without reporting figures`));
      }
    });
  });
}

/**
 * The child's half of {@link measureInChild}: runs `measure` with the child's arguments while
 * sampling RSS, sends the figures and the process's peak RSS to the parent, and exits.
 * Call it once, at the top level of the child's script.
 */
export async function runInChild(measure: (args: string[]) => Promise<Figures>): Promise<void> {
  if (!process.send) throw new BenchError('runInChild must run in a process started by measureInChild');
  // Without the parent there is nobody to report to: don't linger (e.g. after Ctrl-C).
  process.on('disconnect', () => process.exit(1));
  let sampledPeakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    sampledPeakRssBytes = Math.max(sampledPeakRssBytes, process.memoryUsage.rss());
  }, SAMPLE_INTERVAL_MS);
  let message: ChildMessage;
  try {
    const cpuBefore = process.cpuUsage();
    const figures = await measure(process.argv.slice(2));
    const cpu = process.cpuUsage(cpuBefore);
    sampledPeakRssBytes = Math.max(sampledPeakRssBytes, process.memoryUsage.rss());
    // Linux reports ru_maxrss in KiB, and so does Node.
    const maxRssKb = process.resourceUsage().maxRSS;
    message = { ok: true, figures, maxRssKb, sampledPeakRssBytes, cpuMicros: cpu.user + cpu.system };
  } catch (error) {
    message = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    clearInterval(sampler);
  }
  process.send(message, () => process.exit(message.ok ? 0 : 1));
}
