import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestkitError } from '../errors.js';

/** A child process started by the test kit (a broker, an object-store server, …). */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** The last ~64 KB of the process's stdout and stderr, for error messages. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (past or future); rejects on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;
const running = new Set<ServerProcess>();

/**
 * Environment variable naming a folder where every started process leaves a `<pid>.json` file,
 * so that a test run can check afterwards that none of them is still alive
 * (see {@link leftoverProcesses}).
 */
export const PID_DIR_ENV = 'SINKKIT_PID_DIR';

/**
 * Starts `command` in its own process group and tracks it until it exits. Every tracked process
 * is killed when this Node process exits, so a crashed test does not leave servers behind.
 */
export function startProcess(name: string, command: string, args: string[], options: SpawnOptions = {}): ServerProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options, detached: true });
  // A command that cannot be spawned (ENOENT, EACCES) emits 'error'; unhandled it would crash the caller.
  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
  });
  if (child.pid === undefined) {
    throw new TestkitError(`could not start ${name} (${command})`, undefined, { cause: spawnError });
  }
  const pid = child.pid;
  let output = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    for (const watcher of watchers) watcher();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(proc);
      for (const watcher of watchers) watcher();
      resolve(code);
    });
  });
  let exitedYet = false;
  exited.then(() => {
    exitedYet = true;
  });
  recordPid(pid, name, command);

  const proc: ServerProcess = {
    name,
    pid,
    child,
    exited,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) return finish(() => resolve(match));
          if (exitedYet || child.exitCode !== null || child.signalCode !== null) {
            finish(() => reject(new TestkitError(`${name} exited before printing ${pattern}; output:\n${output}`)));
          }
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new TestkitError(`${name} did not print ${pattern} within ${timeoutMs} ms; output:\n${output}`)),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          watchers.delete(check);
          settle();
        };
        watchers.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000) {
      if (exitedYet) return;
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Children of the server (if any) share its process group; make sure none outlives it.
      signalGroup(pid, 'SIGKILL');
    },
  };
  running.add(proc);
  return proc;
}

/** The processes started by this Node process that have not exited yet. */
export function runningProcesses(): ServerProcess[] {
  return [...running];
}

/** Stops every process this Node process started. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop()));
}

/** True when a process with this pid exists and is not a zombie (exited, waiting to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; "Z" is a zombie. Where /proc is missing, trust kill(0).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function recordPid(pid: number, name: string, command: string): void {
  const dir = process.env[PID_DIR_ENV];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${pid}.json`), JSON.stringify({ pid, name, command, startedAt: new Date().toISOString() }));
}

process.once('exit', () => {
  for (const proc of running) signalGroup(proc.pid, 'SIGKILL');
});
