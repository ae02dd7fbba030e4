import { fileURLToPath } from 'node:url';
import { type ServerProcess, startProcess } from '@sinkkit/testkit';

/** The built `sinkkit` binary (the tests run after `turbo run build`). */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/**
 * Starts `sinkkit <args>` as a child process, tracked by the test kit so none outlives the run;
 * `env` is added to this process's environment.
 */
export function startCli(args: string[], cwd?: string, env?: Readonly<Record<string, string>>): ServerProcess {
  return startProcess('sinkkit', process.execPath, [BIN, ...args], {
    ...(cwd ? { cwd } : {}),
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}

/** Runs `sinkkit <args>` to completion. */
export async function runCliProcess(args: string[], cwd?: string): Promise<{ code: number | null; output: string }> {
  const proc = startCli(args, cwd);
  const code = await proc.exited;
  return { code, output: proc.output() };
}
