import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { reasonsOf, statusOf, stringCodeOf } from './gcs-errors.js';

// JSON API reasons that mean "slow down".
const THROTTLING = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'slowDown']);
// Server-side trouble the JSON API reports by reason (usually with a 5xx as well).
const TRANSIENT = new Set(['backendError', 'internalError', 'serviceUnavailable']);
const ACCESS = new Set(['authError', 'forbidden', 'accessDenied', 'insufficientPermissions', 'unauthorized']);

// Node and gaxios/undici error codes of a connection that broke or never formed.
const CONNECTION = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

// Properties of client errors that hold the raw HTTP exchange: request headers (the OAuth bearer
// token), the full URL (a signed URL's signature), response bodies. Loggers that walk an error print them.
const EXCHANGE = ['response', 'config', 'request', 'reqOpts'];

/**
 * Maps anything a @google-cloud/storage call threw onto a {@link StorageError} with a stable code:
 *
 * - 429 and rate reasons (`rateLimitExceeded`, `userRateLimitExceeded`) → `STORAGE_THROTTLED`, retriable;
 * - 5xx, 408, `backendError`/`internalError`, and broken connections (ECONNRESET, ETIMEDOUT,
 *   socket hang up) → `STORAGE_UNAVAILABLE`, retriable;
 * - 401/403, auth reasons and missing credentials → `STORAGE_ACCESS_DENIED`;
 * - a missing bucket (404), 400 and every other 4xx (an unexpected 412 included) → `STORAGE_INVALID_REQUEST`;
 * - anything else → `STORAGE_UNKNOWN` (not retried: retrying unknowns hides bugs).
 *
 * The status is read from `code`, `status`, `response.status` or, when the client gives nothing
 * else ("Request failed with status code 412" at the start of a resumable upload), the message.
 * A `StorageError` passes through unchanged. The message has URL query strings, bearer tokens and
 * key material removed; the client error is kept as `cause` without its HTTP exchange.
 */
export function classifyError(error: unknown, operation: string, key?: string): StorageError {
  if (error instanceof StorageError) return error;
  const status = statusOf(error);
  const reasons = reasonsOf(error);
  const code = stringCodeOf(error);
  const raw = (error as { message?: unknown } | null)?.message;
  const text = typeof raw === 'string' ? raw : String(error);
  const label = [status, reasons[0] ?? code].filter(Boolean).join(' ');
  const message = redact(label ? `${label}: ${text}` : text);
  const cause = withoutExchange(error, 0);
  const make = (c: StorageErrorCode) => new StorageError(c, message, { operation, key, cause });
  const has = (set: ReadonlySet<string>) => reasons.some((r) => set.has(r));

  if (status === 429 || has(THROTTLING)) return make(StorageErrorCode.THROTTLED);
  if (status === 401 || status === 403 || has(ACCESS) || /could not load the default credentials/i.test(text)) {
    return make(StorageErrorCode.ACCESS_DENIED);
  }
  if (
    (status !== undefined && (status >= 500 || status === 408)) ||
    has(TRANSIENT) ||
    (code !== undefined && CONNECTION.has(code)) ||
    /socket hang up|ECONNRESET|network socket disconnected|premature close|other side closed/i.test(text)
  ) {
    return make(StorageErrorCode.UNAVAILABLE);
  }
  if (status !== undefined && status >= 400) return make(StorageErrorCode.INVALID_REQUEST);
  return make(StorageErrorCode.UNKNOWN);
}

/** A copy of `error` without the properties holding the HTTP exchange, along the cause chain. */
function withoutExchange(error: unknown, depth: number): unknown {
  if (typeof error !== 'object' || error === null || depth > 4) return error;
  const descriptors = Object.getOwnPropertyDescriptors(error) as Record<string, PropertyDescriptor>;
  for (const name of EXCHANGE) delete descriptors[name];
  const message = descriptors.message;
  if (message && typeof message.value === 'string') message.value = redact(message.value);
  const errors = descriptors.errors;
  if (errors && Array.isArray(errors.value)) {
    // The JSON API's `errors[]` repeat the server's message, which may quote a URL.
    errors.value = errors.value.map((e: unknown) =>
      typeof e === 'object' && e !== null ? JSON.parse(redact(JSON.stringify(e))) : e,
    );
  }
  const cause = descriptors.cause;
  if (cause && 'value' in cause) cause.value = withoutExchange(cause.value, depth + 1);
  const stack = descriptors.stack;
  if (stack && typeof stack.value === 'string') stack.value = redact(stack.value);
  return Object.create(Object.getPrototypeOf(error), descriptors);
}

/**
 * Removes what must never reach a log: the query string of any URL (a V4 signed URL is a
 * credential), bearer and OAuth tokens, and service-account key material.
 */
export function redact(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s?"'<>]*)\?[^\s"'<>]*/gi, '$1?[redacted]')
    .replace(/(X-Goog-(?:Signature|Credential)=)[^\s&"']+/gi, '$1[redacted]')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]')
    .replace(/\bya29\.[A-Za-z0-9._-]+/g, '[redacted]')
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted key]')
    .replace(
      /(access_token|refresh_token|id_token|client_secret|private_key(?:_id)?)(["']?\s*[:=]\s*["']?)[^\s"',}&]+/gi,
      '$1$2[redacted]',
    );
}
