import { StorageError, StorageErrorCode } from '@sinkkit/core';

// OSS error codes (ali-oss puts them in `error.code`; `error.name` is the code + "Error").
const THROTTLING = new Set([
  'Throttling',
  'TooManyRequests',
  'RequestLimitExceeded',
  'QpsLimitExceeded',
  'UploadTrafficRateLimitExceeded',
  'DownloadTrafficRateLimitExceeded',
]);

// Server-side trouble reported with a code. RequestTimeout is a 400 ("the socket was not read
// from in time"), and repeating the request works.
const TRANSIENT = new Set(['InternalError', 'ServiceUnavailable', 'RequestTimeout']);

// ali-oss/urllib names of a request that got no HTTP answer (ali-oss sets status -1 or -2 and
// copies the name into `code`), and Node's own codes of a connection that broke or never formed.
const CONNECTION = new Set([
  'ConnectionTimeoutError',
  'ResponseTimeoutError',
  'SocketAssignTimeoutError',
  'RequestError',
  'ResponseError',
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
]);

const ACCESS = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidSecurityToken',
  'SecurityTokenExpired',
  'RequestTimeTooSkewed',
  'UserDisable',
]);

const INVALID = new Set([
  'NoSuchBucket',
  'InvalidArgument',
  'InvalidBucketName',
  'InvalidObjectName',
  'EntityTooSmall',
  'EntityTooLarge',
  'InvalidPart',
  'InvalidPartOrder',
  'InvalidDigest',
  'MalformedXML',
]);

/** What ali-oss and Node put on the errors they throw; every field optional. */
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * Maps anything an ali-oss call threw onto a {@link StorageError} with a stable code:
 *
 * - throttling (429, 503, OSS's rate-limit codes) → `STORAGE_THROTTLED`, retriable;
 * - other 5xx, InternalError, RequestTimeout, and requests that got no answer (ali-oss status
 *   -1/-2: ConnectionTimeoutError, ResponseTimeoutError, ECONNRESET, socket hang up) →
 *   `STORAGE_UNAVAILABLE`, retriable;
 * - 401/403 and credential codes (AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch,
 *   InvalidSecurityToken, SecurityTokenExpired) → `STORAGE_ACCESS_DENIED`;
 * - NoSuchBucket, InvalidArgument and every other 4xx → `STORAGE_INVALID_REQUEST`;
 * - anything else → `STORAGE_UNKNOWN` (not retried: retrying unknowns hides bugs).
 *
 * A `StorageError` passes through unchanged. The message carries the OSS code, the status and the
 * server's message with signatures, credentials and URL query strings removed. The ali-oss error
 * is kept as `cause`, minus `params` (the request, body included) and `res` (the raw exchange),
 * and with its message redacted the same way.
 */
export function classifyError(error: unknown, operation: string, key?: string): StorageError {
  if (error instanceof StorageError) return error;
  const shape: ErrorShape = typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
  const code = innerCode(error) ?? '';
  const name = typeof shape.name === 'string' ? shape.name : '';
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const httpStatus = status !== undefined && status > 0 ? status : undefined;
  const text = withoutBody(typeof shape.message === 'string' ? shape.message : String(error));
  const label = [httpStatus, code || (name !== 'Error' ? name : '')].filter(Boolean).join(' ');
  const message = redact(label ? `${label}: ${text}` : text);
  const make = (c: StorageErrorCode) => new StorageError(c, message, { operation, key, cause: sanitize(error) });

  if (THROTTLING.has(code) || httpStatus === 429 || httpStatus === 503) return make(StorageErrorCode.THROTTLED);
  if (ACCESS.has(code) || httpStatus === 401 || httpStatus === 403) return make(StorageErrorCode.ACCESS_DENIED);
  if (
    TRANSIENT.has(code) ||
    (httpStatus !== undefined && httpStatus >= 500) ||
    status === -1 ||
    status === -2 ||
    // An error with a success status: the answer broke off mid-body (ali-oss then fails to parse it).
    (httpStatus !== undefined && httpStatus < 300) ||
    CONNECTION.has(code) ||
    CONNECTION.has(name) ||
    /socket hang up|ECONNRESET|network socket disconnected|premature close/i.test(text)
  ) {
    return make(StorageErrorCode.UNAVAILABLE);
  }
  if (INVALID.has(code) || (httpStatus !== undefined && httpStatus >= 400)) {
    return make(StorageErrorCode.INVALID_REQUEST);
  }
  return make(StorageErrorCode.UNKNOWN);
}

// When ali-oss cannot parse an error body it appends it as "raw xml: …": for a GET cut off
// mid-body that is the object's own data, which has no place in a log.
function withoutBody(text: string): string {
  const at = text.indexOf('raw xml:');
  return at < 0 ? text : `${text.slice(0, at)}raw xml: [omitted]`;
}

// Node puts `code` on the error itself; wrappers sometimes keep it in `cause`.
function innerCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const code = (e as ErrorShape).code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e as ErrorShape).cause;
  }
  return undefined;
}

// ali-oss hangs the request (`params`: body, headers) and the raw response (`res`) on its errors,
// and urllib appends request details to messages; loggers that walk causes would print them.
function sanitize(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const descriptors = Object.getOwnPropertyDescriptors(error) as Record<string, PropertyDescriptor>;
  for (const field of ['params', 'res', 'headers', 'socket']) delete descriptors[field];
  const copy = Object.create(Object.getPrototypeOf(error), descriptors) as Error;
  copy.message = redact(withoutBody(error.message));
  if (typeof copy.stack === 'string') copy.stack = redact(withoutBody(copy.stack));
  return copy;
}

/**
 * Removes what must never reach a log: OSS V1/V4 signatures and access key ids in Authorization
 * values, signed-URL parameters, STS security tokens, access key secrets, and the query string of
 * any URL (a signed URL is a credential).
 */
export function redact(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s?"'<>]*)\?[^\s"'<>]*/gi, '$1?[redacted]')
    .replace(/\bOSS4?(-HMAC-SHA256)?\s+[^\s:,"']+:[A-Za-z0-9+/=]+/g, 'OSS [redacted]')
    .replace(/(authorization)(["']?\s*[:=]\s*["']?)[^"'\n,}]+/gi, '$1$2[redacted]')
    .replace(
      /(Signature|OSSAccessKeyId|security-token|x-oss-signature|x-oss-credential|Credential)(["']?\s*[:=]\s*["']?)[^\s&,"'}]+/gi,
      '$1$2[redacted]',
    )
    .replace(
      /(access_?key_?secret|stsToken|security_?token|secretAccessKey)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
      '$1$2[redacted]',
    );
}
