/**
 * Reading @google-cloud/storage errors. The client throws several shapes: `ApiError` (`code` is
 * the HTTP status, `errors[].reason` the JSON API reason), gaxios' `GaxiosError` (`status` or
 * `response.status`), and, for a failure at the start of a resumable upload, a plain
 * `Error('Request failed with status code 412')` whose only trace of the status is its message.
 */
interface GcsErrorShape {
  code?: unknown;
  status?: unknown;
  response?: { status?: unknown };
  errors?: unknown;
  message?: unknown;
  cause?: unknown;
}

function shape(error: unknown): GcsErrorShape {
  return typeof error === 'object' && error !== null ? (error as GcsErrorShape) : {};
}

/** The HTTP status of a client error, from whichever field or message carries it. */
export function statusOf(error: unknown): number | undefined {
  const e = shape(error);
  for (const candidate of [e.code, e.status, e.response?.status]) {
    if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
  }
  const text = typeof e.message === 'string' ? e.message : '';
  const match = /status code (\d{3})\b/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The JSON API reasons (`errors[].reason`, e.g. `rateLimitExceeded`, `conditionNotMet`). */
export function reasonsOf(error: unknown): string[] {
  const errors = shape(error).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .map((e) => (e as { reason?: unknown } | null)?.reason)
    .filter((r): r is string => typeof r === 'string');
}

/** A string `code` (Node: ECONNRESET; client: FILE_NO_UPLOAD …), looked for along the cause chain. */
export function stringCodeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const code = (e as GcsErrorShape).code;
    if (typeof code === 'string') return code;
    e = (e as GcsErrorShape).cause;
  }
  return undefined;
}

/** The object (or, for a copy/compose, a source object) does not exist. */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** A precondition failed: with `ifGenerationMatch: 0`, the object exists. */
export function isPreconditionFailed(error: unknown): boolean {
  return statusOf(error) === 412 || reasonsOf(error).includes('conditionNotMet');
}
