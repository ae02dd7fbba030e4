import { SinkkitError } from '@sinkkit/core';

// kafkajs names protocol errors by Kafka's error type; these all mean "the group moved on, rejoin".
const REBALANCE_TYPES = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/** Whether a Kafka client error (or one it wraps as `cause`) says the group is rebalancing. */
export function isRebalanceError(error: unknown): boolean {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if (REBALANCE_TYPES.has(String((e as { type?: unknown }).type))) return true;
  }
  return false;
}

/**
 * A commit failure as the runtime reasons about it: `REBALANCE_IN_PROGRESS` (retriable: commit
 * again after the rejoin), or `OFFSET_COMMIT_FAILED` keeping the client's own retriable flag.
 */
export function commitError(error: unknown): SinkkitError {
  if (error instanceof SinkkitError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isRebalanceError(error)) {
    return new SinkkitError(`Offset commit refused while the group rebalances: ${message}`, {
      code: 'REBALANCE_IN_PROGRESS',
      retriable: true,
      cause: error,
    });
  }
  const retriable = (error as { retriable?: unknown } | null)?.retriable !== false;
  return new SinkkitError(`Offset commit failed: ${message}`, {
    code: 'OFFSET_COMMIT_FAILED',
    retriable,
    cause: error,
  });
}

/**
 * Whether a crash kafkajs will not restart from is still worth a restart: a rebalance error, or
 * a broker's `UNKNOWN` or `INVALID_REQUEST` answer (librdkafka's mock cluster answers a SyncGroup
 * racing a second joiner with `INVALID_REQUEST`). Restarts stay bounded by the caller.
 */
export function isRestartableCrash(error: unknown): boolean {
  if (isRebalanceError(error)) return true;
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const type = (e as { type?: unknown }).type;
    if (type === 'UNKNOWN' || type === 'INVALID_REQUEST') return true;
  }
  return false;
}
