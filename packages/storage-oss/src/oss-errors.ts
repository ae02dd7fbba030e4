/** What ali-oss puts on a service error: the OSS code and the HTTP status (-1/-2: no answer). */
interface OssErrorShape {
  code?: unknown;
  status?: unknown;
}

function shape(error: unknown): OssErrorShape {
  return typeof error === 'object' && error !== null ? (error as OssErrorShape) : {};
}

/** The HTTP status of an ali-oss error; -1/-2 when the request got no answer. */
export function statusOf(error: unknown): number | undefined {
  const status = shape(error).status;
  return typeof status === 'number' ? status : undefined;
}

/** The OSS error code (`NoSuchKey`, `FileAlreadyExists`, …). */
export function codeOf(error: unknown): string {
  const code = shape(error).code;
  return typeof code === 'string' ? code : '';
}

/** 404 of a key: GetObject answers NoSuchKey; HEAD has no body, and ali-oss names its 404 NoSuchKey too. */
export function isNotFound(error: unknown): boolean {
  return codeOf(error) === 'NoSuchKey' || (statusOf(error) === 404 && codeOf(error) !== 'NoSuchBucket');
}

/** The multipart upload does not exist (any more): completed, aborted, or expired by a lifecycle rule. */
export function isNoSuchUpload(error: unknown): boolean {
  return codeOf(error) === 'NoSuchUpload';
}

/** OSS's answer to `x-oss-forbid-overwrite: true` when the key exists: 409 FileAlreadyExists. */
export function isFileAlreadyExists(error: unknown): boolean {
  return codeOf(error) === 'FileAlreadyExists' || (statusOf(error) === 409 && codeOf(error) === '');
}

/** The request got no HTTP answer (ali-oss status -1: network error, -2: timeout). */
export function isNoAnswer(error: unknown): boolean {
  const status = statusOf(error);
  return status === -1 || status === -2;
}
