import { ConfigError, SinkkitError } from '@sinkkit/core';

/**
 * Exit codes of `sinkkit`: `0` success; `1` the work failed (a task failed, `verify` found an
 * error); `2` the command could not start (bad arguments, unreadable or invalid configuration),
 * so a supervisor can tell "fix the config" from "look at the data"; `3` a stop gave up on a task
 * that did not stop within `task.shutdown.graceful.timeout.ms` (nothing is lost: its uncommitted
 * records are re-read from Kafka); `130` a second SIGTERM/SIGINT ended the process at once.
 */
export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2, STOP_TIMEOUT: 3, INTERRUPTED: 130 } as const;

/**
 * A command line or a properties file that cannot be used. Its message names the file, the key,
 * the value (redacted when secret) and the reason. Code `CLI_USAGE`; exit code 2.
 */
export class UsageError extends SinkkitError {
  override name = 'UsageError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'CLI_USAGE', cause: options.cause });
  }
}

/** The exit code an error thrown before any work started deserves. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError || error instanceof ConfigError ? ExitCode.USAGE : ExitCode.FAILED;
}
