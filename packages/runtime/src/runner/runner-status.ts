import { stripUserinfo } from '@sinkkit/core';

/**
 * Lifecycle states, named as Kafka Connect's task states: `UNASSIGNED` before `start`,
 * `RUNNING`, `PAUSED` (by `pause()`), `FAILED` (with the error), `STOPPED` after `stop()`.
 */
export type RunnerState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'STOPPED';

/** What a runner reports about itself; safe to log (secrets are redacted). */
export interface RunnerStatus {
  readonly state: RunnerState;
  readonly connector: string;
  readonly taskId: number;
  /** Partitions the task has open, as `topic-partition`. */
  readonly assignment: readonly string[];
  /** Set when `FAILED`. */
  readonly error?: RunnerStatusError;
}

/** Why a runner failed, as its status reports it. */
export interface RunnerStatusError {
  readonly code: string;
  readonly message: string;
  /**
   * The error's stack, then each `cause`'s, each after `Caused by: ` (as Kafka Connect's status
   * trace prints a Java exception), so the frames of the task's own code are there.
   */
  readonly trace: string;
}

/** How many causes {@link errorTrace} follows; a longer chain is cut with a note. */
const MAX_CAUSES = 16;

/**
 * The stack of `error` followed by `Caused by: <stack>` for each `cause` in turn (an
 * `AggregateError`'s errors too), ending at a cycle or after 16 causes. Without URL userinfo.
 * Secrets are kept out by key where messages are built (a `ConfigError` never quotes a password
 * value); nothing here searches for values to hide, which would itself reveal them.
 */
export function errorTrace(error: unknown): string {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null; depth++) {
    if (seen.has(current)) {
      lines.push('Caused by: [circular]');
      break;
    }
    if (depth > MAX_CAUSES) {
      lines.push(`Caused by: [${MAX_CAUSES} causes shown, more left out]`);
      break;
    }
    seen.add(current);
    const text = describe(current);
    lines.push(depth === 0 ? text : `Caused by: ${text}`);
    if (current instanceof AggregateError) {
      for (const inner of current.errors) lines.push(`  Suppressed: ${indent(describe(inner))}`);
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return stripUserinfo(lines.join('\n'));
}

/** The status form of a failure: code, message and {@link errorTrace}. */
export function statusError(error: Error): RunnerStatusError {
  return {
    code: (error as { code?: unknown }).code != null ? String((error as { code?: unknown }).code) : 'TASK_FAILED',
    message: stripUserinfo(error.message),
    trace: errorTrace(error),
  };
}

function describe(value: unknown): string {
  if (!(value instanceof Error)) return String(value);
  // `stack` starts with "Name: message" on V8; an error whose stack was replaced may not.
  const stack = typeof value.stack === 'string' && value.stack.length > 0 ? value.stack : '';
  const head = `${value.name}: ${value.message}`;
  return stack.includes(value.message) ? stack : stack ? `${head}\n${stack}` : head;
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}
