/** What `RestError` (and Node) put on the errors they throw; every field optional. */
interface ErrorShape {
  statusCode?: unknown;
  code?: unknown;
  details?: { errorCode?: unknown };
  cause?: unknown;
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

/** The HTTP status of a `RestError`, when it got an answer. */
export function statusOf(error: unknown): number | undefined {
  const status = shape(error).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Azure's error code (`x-ms-error-code`, e.g. `BlobAlreadyExists`), or for a request that got no
 * answer the network code (`REQUEST_SEND_ERROR`, `ECONNRESET`), looking through up to 4 causes.
 */
export function errorCodeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const { code, details } = shape(e);
    if (typeof code === 'string' && code !== '') return code;
    if (typeof details?.errorCode === 'string' && details.errorCode !== '') return details.errorCode;
    e = shape(e).cause;
  }
  return undefined;
}

/**
 * A create-only write lost: 409 BlobAlreadyExists, or 412 ConditionNotMet (what Azure answers to
 * some `If-None-Match: *` requests, e.g. a commit racing another).
 */
export function isConditionConflict(error: unknown): boolean {
  const code = errorCodeOf(error);
  const status = statusOf(error);
  return (
    code === 'BlobAlreadyExists' ||
    code === 'ConditionNotMet' ||
    status === 412 ||
    (status === 409 && code !== 'ContainerBeingDeleted' && code !== 'LeaseIdMissing')
  );
}

/** Put Block List named a block that is not there (never staged, committed away, expired or discarded). */
export function isInvalidBlockList(error: unknown): boolean {
  return errorCodeOf(error) === 'InvalidBlockList';
}

/** 404 of a blob, not of its container (a missing container is a configuration error). */
export function isBlobNotFound(error: unknown): boolean {
  return statusOf(error) === 404 && errorCodeOf(error) !== 'ContainerNotFound';
}
