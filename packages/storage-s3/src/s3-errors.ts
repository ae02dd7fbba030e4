/** What the SDK puts on a service error: the S3 code as `name` and the HTTP status. */
interface ServiceErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
}

function shape(error: unknown): ServiceErrorShape {
  return typeof error === 'object' && error !== null ? (error as ServiceErrorShape) : {};
}

/** The HTTP status of an SDK error, when it got one. */
export function statusOf(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function nameOf(error: unknown): string {
  const name = shape(error).name;
  return typeof name === 'string' ? name : '';
}

/** 404 of a key (GetObject: NoSuchKey; HeadObject has no body, so only `NotFound`/404). */
export function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'NoSuchKey' || name === 'NotFound' || (statusOf(error) === 404 && name !== 'NoSuchBucket');
}

/** The multipart upload does not exist (any more): completed, aborted, or expired by a lifecycle rule. */
export function isNoSuchUpload(error: unknown): boolean {
  return nameOf(error) === 'NoSuchUpload';
}

/**
 * A create-only write lost: 412 PreconditionFailed (the key exists) or 409
 * ConditionalRequestConflict (another conditional write of the key is in progress).
 */
export function isConditionConflict(error: unknown): boolean {
  const name = nameOf(error);
  return (
    statusOf(error) === 412 ||
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict' ||
    (statusOf(error) === 409 && name !== 'BucketAlreadyExists')
  );
}

/** Whether the SDK itself sent the request more than once (its own retries) before this error. */
export function sdkRetried(error: unknown): boolean {
  const attempts = shape(error).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 1;
}
