import { StorageError, StorageErrorCode } from '@sinkkit/core';

// S3 error codes (the SDK puts them in `error.name`) that mean "slow down".
const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
]);

// Server-side trouble that S3 reports with a code rather than (only) a 5xx. RequestTimeout is a
// 400, but S3 documents it as "the socket was not read from in time": repeating it works.
const TRANSIENT = new Set([
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'PriorRequestNotComplete',
  'TimeoutError',
]);

// Node and undici error codes of a connection that broke or never formed.
const CONNECTION = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const ACCESS = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
  'AccountProblem',
  'CredentialsProviderError',
]);

const INVALID = new Set(['NoSuchBucket', 'InvalidRequest', 'InvalidArgument', 'InvalidBucketName', 'EntityTooSmall']);

/** What the SDK and Node put on the errors they throw; every field optional. */
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  cause?: unknown;
}

/**
 * Maps anything an S3 call threw onto a {@link StorageError} with a stable code:
 *
 * - throttling (SlowDown, 429, 503, ThrottlingException, …) → `STORAGE_THROTTLED`, retriable;
 * - other 5xx, S3's transient codes (InternalError, RequestTimeout) and broken connections
 *   (ECONNRESET, socket hang up, timeouts) → `STORAGE_UNAVAILABLE`, retriable;
 * - 401/403 and credential codes (AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch) →
 *   `STORAGE_ACCESS_DENIED`;
 * - NoSuchBucket, InvalidRequest and every other 4xx → `STORAGE_INVALID_REQUEST`;
 * - anything else → `STORAGE_UNKNOWN` (not retried: retrying unknowns hides bugs).
 *
 * A `StorageError` passes through unchanged. The message carries the S3 code, the status and the
 * server's message with signatures, credentials and URL query strings removed. The SDK error is
 * kept as `cause`, minus its `$response`: that holds the raw HTTP exchange, signed
 * `Authorization` header included, and loggers that walk causes would print it.
 */
export function classifyError(error: unknown, operation: string, key?: string): StorageError {
  if (error instanceof StorageError) return error;
  const shape: ErrorShape = typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
  const name = typeof shape.name === 'string' ? shape.name : '';
  const code = innerCode(error);
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const text = typeof shape.message === 'string' ? shape.message : String(error);
  const label = [status, name && name !== 'Error' ? name : code].filter(Boolean).join(' ');
  const message = redact(label ? `${label}: ${text}` : text);
  const cause = withoutResponse(error);
  const make = (c: StorageErrorCode) => new StorageError(c, message, { operation, key, cause });

  if (THROTTLING.has(name) || status === 429 || status === 503 || shape.$retryable?.throttling === true) {
    return make(StorageErrorCode.THROTTLED);
  }
  if (ACCESS.has(name) || status === 401 || status === 403) return make(StorageErrorCode.ACCESS_DENIED);
  if (
    TRANSIENT.has(name) ||
    (status !== undefined && status >= 500) ||
    (code !== undefined && CONNECTION.has(code)) ||
    /socket hang up|ECONNRESET|network socket disconnected|premature close/i.test(text) ||
    shape.$retryable !== undefined
  ) {
    return make(StorageErrorCode.UNAVAILABLE);
  }
  if (INVALID.has(name) || (status !== undefined && status >= 400)) return make(StorageErrorCode.INVALID_REQUEST);
  return make(StorageErrorCode.UNKNOWN);
}

function withoutResponse(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !Object.hasOwn(error, '$response')) return error;
  const descriptors = Object.getOwnPropertyDescriptors(error) as Record<string, PropertyDescriptor>;
  delete descriptors.$response;
  return Object.create(Object.getPrototypeOf(error), descriptors);
}

// Node puts `code` on the error itself; undici and the SDK's handlers sometimes wrap it in `cause`.
function innerCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const code = (e as ErrorShape).code;
    if (typeof code === 'string') return code;
    e = (e as ErrorShape).cause;
  }
  return undefined;
}

/**
 * Removes what must never reach a log: SigV4 signatures and credentials (header or query form),
 * session tokens, and the query string of any URL (a presigned URL is a credential).
 */
export function redact(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s?"'<>]*)\?[^\s"'<>]*/gi, '$1?[redacted]')
    .replace(/(Credential|Signature|SignedHeaders)=[^\s,&]+/gi, '$1=[redacted]')
    .replace(/(X-Amz-(?:Credential|Signature|Security-Token)=)[^\s&]+/gi, '$1[redacted]')
    .replace(
      /(aws_?secret_?access_?key|secretAccessKey|sessionToken)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
      '$1$2[redacted]',
    );
}
