/**
 * Error response bodies shaped like the ones real object stores send, so that a storage
 * adapter's error classification (error code → retriable or not) is exercised by tests, not
 * only its status-code handling.
 */

/** A ready-made error answer: status, body and the headers a real server sends with it. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

let requestCounter = 0;

// Real servers give every error a request id; SDKs copy it into their error objects.
function requestId(): string {
  requestCounter += 1;
  return `SINKKIT${requestCounter.toString(16).padStart(9, '0').toUpperCase()}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An S3 error (`<Error><Code>…</Code><Message>…</Message>…</Error>`, `application/xml`).
 * `extra` adds elements after the message (e.g. `{ Condition: 'If-None-Match' }`).
 */
export function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Readonly<Record<string, string>> = {},
): ErrorResponse {
  const id = requestId();
  const fields = Object.entries({ Code: code, Message: message, ...extra, RequestId: id, HostId: id })
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': id },
  };
}

/** S3 `503 SlowDown`: throttling, which SDKs retry with back-off. */
export function s3SlowDown(): ErrorResponse {
  return s3Error(503, 'SlowDown', 'Please reduce your request rate.');
}

/** S3 `500 InternalError`: a transient server fault, which SDKs retry. */
export function s3InternalError(): ErrorResponse {
  return s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
}

/** S3 `412 PreconditionFailed`, as answered to a create-only write of a key that exists. */
export function s3PreconditionFailed(condition = 'If-None-Match'): ErrorResponse {
  return s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });
}

/** OSS `409 FileAlreadyExists`, its answer to `x-oss-forbid-overwrite: true` on an object that exists. */
export function ossFileAlreadyExists(): ErrorResponse {
  return s3Error(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.');
}

/**
 * A GCS JSON API error (`{"error":{"code","message","errors":[{reason,…}]}}`,
 * `application/json`). `reason` is what @google-cloud/storage looks at (e.g. `backendError`,
 * `rateLimitExceeded`, `conditionNotMet`).
 */
export function gcsError(status: number, reason: string, message: string): ErrorResponse {
  const body = { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } };
  return {
    status,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json; charset=UTF-8', 'x-guploader-uploadid': requestId() },
  };
}

/** GCS `503 backendError`, retried by the client. */
export function gcsBackendError(): ErrorResponse {
  return gcsError(503, 'backendError', 'We encountered an internal error. Please try again.');
}

/** GCS `429 rateLimitExceeded`, retried by the client with back-off. */
export function gcsRateLimited(): ErrorResponse {
  return gcsError(429, 'rateLimitExceeded', 'The rate of change requests to the object is too high.');
}

/** GCS `412 conditionNotMet`, as answered to `ifGenerationMatch=0` on an object that exists. */
export function gcsPreconditionFailed(): ErrorResponse {
  return gcsError(412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.');
}

/**
 * An Azure Blob error: XML body plus the `x-ms-error-code` header, which
 * @azure/storage-blob reads before the body.
 */
export function azureError(status: number, code: string, message: string): ErrorResponse {
  const id = requestId();
  const body =
    `<?xml version="1.0" encoding="utf-8"?>\n<Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(`${message}\nRequestId:${id}\nTime:${new Date().toISOString()}`)}</Message></Error>`;
  return {
    status,
    body,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': id },
  };
}

/** Azure `503 ServerBusy`, retried by the client. */
export function azureServerBusy(): ErrorResponse {
  return azureError(
    503,
    'ServerBusy',
    'The server is currently unable to receive requests. Please retry your request.',
  );
}

/** Azure `500 InternalError`, retried by the client. */
export function azureInternalError(): ErrorResponse {
  return azureError(500, 'InternalError', 'The server encountered an internal error. Please retry the request.');
}
