import { atLeast, type Clock, ConfigDef } from '@sinkkit/core';

/** The key bounding every stop, with Kafka Connect's worker name and default. */
export const SHUTDOWN_TIMEOUT_KEY = 'task.shutdown.graceful.timeout.ms';

/** Kafka Connect's default for {@link SHUTDOWN_TIMEOUT_KEY}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Once a stop has given up on a task, how long leaving the consumer group may take before the stop
 * resolves anyway (a broker that does not answer must not hold the stop either).
 */
export const LEAVE_GROUP_GRACE_MS = 1_000;

/** The definition of {@link SHUTDOWN_TIMEOUT_KEY}, shared by the runtime's config and the connector runner. */
export const shutdownTimeoutKeyDef = {
  type: 'duration',
  default: DEFAULT_SHUTDOWN_TIMEOUT_MS,
  validators: [atLeast(0)],
  doc:
    'How long a stop waits for a task (final commit, close, stop; or a start still under way) before abandoning it: ' +
    'nothing more is committed for it, it leaves the consumer group, and its uncommitted records are read again by the next owner.',
} as const;

/**
 * Reads {@link SHUTDOWN_TIMEOUT_KEY} (default 5000) from connector properties; a bad value throws a
 * `ConfigError` naming the key, the value and the reason.
 */
export function shutdownTimeoutOf(config: Readonly<Record<string, unknown>>): number {
  const def = new ConfigDef().define(SHUTDOWN_TIMEOUT_KEY, shutdownTimeoutKeyDef);
  return def.parse({ [SHUTDOWN_TIMEOUT_KEY]: config[SHUTDOWN_TIMEOUT_KEY] }).get(SHUTDOWN_TIMEOUT_KEY) as number;
}

/**
 * Resolves `true` once `work` settles (fulfilled or rejected), or `false` when `ms` pass first.
 * The timer is cancelled either way, so nothing is kept alive; a later rejection of `work` is ignored.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number, clock: Clock): Promise<boolean> {
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  const expired = clock.sleep(Math.max(0, ms), timer.signal).then(
    () => false,
    () => false,
  );
  try {
    return await Promise.race([settled, expired]);
  } finally {
    timer.abort();
  }
}
