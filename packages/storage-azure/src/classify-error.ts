import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { errorCodeOf, statusOf } from './azure-errors.js';

// Azure error codes (x-ms-error-code) that mean "slow down".
const THROTTLING = new Set(['ServerBusy', 'IngressOverAccountLimit', 'EgressOverAccountLimit', 'TooManyRequests']);

// Server-side trouble Azure reports with a code, sometimes with a non-5xx status.
const TRANSIENT = new Set(['InternalError', 'OperationTimedOut', 'ServiceUnavailable']);

// Network failures: Node's codes, undici's, and the code core-rest-pipeline gives a request that
// never got an answer (REQUEST_SEND_ERROR, its message naming the socket error).
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
  'REQUEST_SEND_ERROR',
]);

const ACCESS = new Set([
  'AuthenticationFailed',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'AuthorizationProtocolMismatch',
  'AuthorizationResourceTypeMismatch',
  'AuthorizationServiceMismatch',
  'AuthorizationSourceIPMismatch',
  'InsufficientAccountPermissions',
  'AccountIsDisabled',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
]);

const INVALID = new Set([
  'ContainerNotFound',
  'ContainerBeingDeleted',
  'ContainerDisabled',
  'InvalidBlockList',
  'InvalidBlobOrBlock',
  'InvalidResourceName',
  'OutOfRangeInput',
  'RequestBodyTooLarge',
]);

/**
 * Maps anything an Azure Blob call threw onto a {@link StorageError} with a stable code:
 *
 * - 503 ServerBusy, 429 and Azure's account-limit codes → `STORAGE_THROTTLED`, retriable;
 * - other 5xx, InternalError, OperationTimedOut and broken connections (ECONNRESET,
 *   REQUEST_SEND_ERROR, socket hang up, timeouts, a download body aborted mid-way) →
 *   `STORAGE_UNAVAILABLE`, retriable;
 * - 401/403 (AuthenticationFailed, AuthorizationPermissionMismatch, …) and credential failures →
 *   `STORAGE_ACCESS_DENIED`;
 * - ContainerNotFound, InvalidBlockList and every other 4xx → `STORAGE_INVALID_REQUEST`;
 * - anything else → `STORAGE_UNKNOWN` (not retried: retrying unknowns hides bugs).
 *
 * A `StorageError` passes through unchanged. The message carries the HTTP status, the Azure error
 * code and the server's message with account keys, SAS signatures, bearer tokens and URL query
 * strings removed. The SDK's `RestError` is not kept as it is: it holds the request (its URL may
 * carry a SAS token, its headers the shared-key signature), so the `cause` is a plain `Error` with
 * the same name, code, status and redacted message.
 */
export function classifyError(error: unknown, operation: string, key?: string): StorageError {
  if (error instanceof StorageError) return error;
  const status = statusOf(error);
  const code = errorCodeOf(error);
  const name = typeof (error as { name?: unknown } | null)?.name === 'string' ? (error as Error).name : '';
  const text = redact(firstLine(error));
  const label = [status, code].filter(Boolean).join(' ');
  const message = label ? `${label}: ${text}` : text;
  const cause = sanitizedCause(error, name, code, status, text);
  const make = (c: StorageErrorCode) => new StorageError(c, message, { operation, key, cause });

  if ((code && THROTTLING.has(code)) || status === 429 || status === 503) return make(StorageErrorCode.THROTTLED);
  if ((code && ACCESS.has(code)) || ACCESS.has(name) || status === 401 || status === 403) {
    return make(StorageErrorCode.ACCESS_DENIED);
  }
  if (
    (code && (TRANSIENT.has(code) || CONNECTION.has(code))) ||
    (status !== undefined && status >= 500) ||
    (status === undefined &&
      (/socket hang up|ECONNRESET|network socket disconnected|premature close|timed? ?out/i.test(text) ||
        name === 'TimeoutError' ||
        // The SDK aborts a download whose body broke off; the adapter itself never passes an abort signal.
        name === 'AbortError'))
  ) {
    return make(StorageErrorCode.UNAVAILABLE);
  }
  if ((code && INVALID.has(code)) || (status !== undefined && status >= 400)) {
    return make(StorageErrorCode.INVALID_REQUEST);
  }
  return make(StorageErrorCode.UNKNOWN);
}

/**
 * Removes what must never reach a log: account keys (connection-string or JSON form, or any
 * base64 run of 64+ characters), SAS signatures and the query string of any URL (a SAS URL is a
 * credential), shared-key and bearer `Authorization` values, and the signature and string-to-sign
 * Azure quotes in AuthenticationFailed details.
 */
export function redact(text: string): string {
  return (
    text
      .replace(/(https?:\/\/[^\s?"'<>]*)\?[^\s"'<>]*/gi, '$1?[redacted]')
      .replace(/((?:^|[\s;"'?&])(?:AccountKey|SharedAccessSignature|sig)=)[^\s;&"']+/gi, '$1[redacted]')
      .replace(/(accountKey|sasToken|sharedKey|clientSecret)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, '$1$2[redacted]')
      .replace(/\b(SharedKey(?:Lite)?|Bearer)\s+[^\s"',;]+/g, '$1 [redacted]')
      // Azure's AuthenticationFailed detail quotes the request's signature and the string it signed.
      .replace(/(signature found in the HTTP request ')[^']*'/gi, "$1[redacted]'")
      .replace(/(string to sign: ')[^']*'/gi, "$1[redacted]'")
      // An account key (88 base64 characters) or any other long base64 secret, wherever it appears.
      .replace(/[A-Za-z0-9+/]{64,}={0,2}/g, '[redacted]')
  );
}

// Azure's messages end with "RequestId:…\nTime:…" lines: useful in the cause, noise in a log line.
function firstLine(error: unknown): string {
  const message = typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as Error).message : '';
  const text = message || String(error);
  return text.split('\n')[0]?.trim() || text;
}

function sanitizedCause(
  error: unknown,
  name: string,
  code: string | undefined,
  status: number | undefined,
  text: string,
): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const copy = new Error(text);
  copy.name = name || 'Error';
  Object.assign(copy, {
    ...(code === undefined ? {} : { code }),
    ...(status === undefined ? {} : { statusCode: status }),
  });
  if (typeof (error as Error).stack === 'string') copy.stack = redact((error as Error).stack ?? '');
  return copy;
}
