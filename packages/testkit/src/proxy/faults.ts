import {
  azureInternalError,
  azureServerBusy,
  type ErrorResponse,
  gcsBackendError,
  gcsRateLimited,
  s3InternalError,
  s3SlowDown,
} from './error-bodies.js';
import type { ErrorFault, FaultAction } from './fault-rule.js';

function error(status: number | ErrorResponse, body?: string): ErrorFault {
  if (typeof status !== 'number') return { type: 'error', ...status };
  return body === undefined ? { type: 'error', status } : { type: 'error', status, body };
}

/**
 * Ready-made fault actions, for `addFault({ match, when, action: faults.s3SlowDown() })`.
 * Each returns a plain {@link FaultAction}; write the object literal instead when it reads better.
 */
export const faults = {
  /** Delay the request by `ms` before forwarding it. */
  latency: (ms: number): FaultAction => ({ type: 'latency', ms }),
  /** Answer `status` with `body` (default empty), or answer a ready-made {@link ErrorResponse}. */
  error,
  /** S3 `503 SlowDown` with its XML body. */
  s3SlowDown: (): ErrorFault => error(s3SlowDown()),
  /** S3 `500 InternalError` with its XML body. */
  s3InternalError: (): ErrorFault => error(s3InternalError()),
  /** GCS JSON API `503 backendError`. */
  gcsBackendError: (): ErrorFault => error(gcsBackendError()),
  /** GCS JSON API `429 rateLimitExceeded`. */
  gcsRateLimited: (): ErrorFault => error(gcsRateLimited()),
  /** Azure `503 ServerBusy` (XML body and `x-ms-error-code`). */
  azureServerBusy: (): ErrorFault => error(azureServerBusy()),
  /** Azure `500 InternalError` (XML body and `x-ms-error-code`). */
  azureInternalError: (): ErrorFault => error(azureInternalError()),
  /** Destroy the connection without answering; `afterForward` lets the target handle the request first. */
  reset: (options: { afterForward?: boolean } = {}): FaultAction => ({ type: 'reset', ...options }),
  /** Forward, then cut the response after `afterBytes` body bytes (default: half the content-length). */
  cut: (afterBytes?: number): FaultAction => (afterBytes === undefined ? { type: 'cut' } : { type: 'cut', afterBytes }),
  /** Never answer. */
  hang: (): FaultAction => ({ type: 'hang' }),
} as const;
