export type { CreateOnlyDialect } from './create-only.js';
export {
  azureError,
  azureInternalError,
  azureServerBusy,
  type ErrorResponse,
  gcsBackendError,
  gcsError,
  gcsPreconditionFailed,
  gcsRateLimited,
  ossFileAlreadyExists,
  s3Error,
  s3InternalError,
  s3PreconditionFailed,
  s3SlowDown,
} from './error-bodies.js';
export { type FaultProxy, type FaultProxyOptions, startFaultProxy } from './fault-proxy.js';
export type {
  ErrorFault,
  FaultAction,
  FaultHandle,
  FaultMatch,
  FaultRule,
  FaultWhen,
  ProxiedRequest,
} from './fault-rule.js';
export { faults } from './faults.js';
export type { CreateOnlyRecord, ProxyRequestRecord } from './request-log.js';
export { seededRandom } from './seeded-random.js';
