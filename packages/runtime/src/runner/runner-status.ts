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
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly trace: string;
  };
}

/** Replaces every occurrence of each secret in `text` with `[hidden]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[hidden]');
  return out;
}
