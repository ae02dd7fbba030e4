import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import {
  type ErrorResponse,
  gcsPreconditionFailed,
  ossFileAlreadyExists,
  s3PreconditionFailed,
} from './error-bodies.js';
import type { ProxiedRequest } from './fault-rule.js';

/**
 * Create-only ("write if absent") requests the proxy can enforce, for servers that ignore the
 * precondition (s3rver, the GCS emulator). Which requests count:
 *
 * - `s3`: `PUT` of an object (not an UploadPart: no `partNumber`) or CompleteMultipartUpload
 *   (`POST ?uploadId=`) with `If-None-Match: *`. Answer: 412 `PreconditionFailed` (XML).
 * - `oss`: the same requests with `x-oss-forbid-overwrite: true`. Answer: 409 `FileAlreadyExists`.
 * - `gcs-xml`: `PUT` with `x-goog-if-generation-match: 0`. Answer: 412 `PreconditionFailed` (XML).
 * - `gcs-json`: `POST /upload/storage/v1/b/BUCKET/o?name=NAME&ifGenerationMatch=0` (media,
 *   multipart and resumable uploads, as @google-cloud/storage sends them), the `PUT`s of a
 *   resumable session started that way, and `POST …/copyTo/b/B/o/NAME?ifGenerationMatch=0` /
 *   `…/rewriteTo/…`. Answer: 412 `conditionNotMet` (JSON). An upload whose name is only in the
 *   multipart body's metadata is not checked (the body is streamed, not parsed).
 *
 * Azure requests (`x-ms-version` header) are never intercepted: Azurite enforces `If-None-Match`.
 */
export type CreateOnlyDialect = 's3' | 'oss' | 'gcs-xml' | 'gcs-json';

/** A create-only write the proxy can check before forwarding it. */
export interface CreateOnlyWrite {
  readonly dialect: CreateOnlyDialect;
  /** Identity of the target object; create-only writes of one key are serialized on it. */
  readonly key: string;
  /** The request that tells whether the object exists (2xx: it does; 404: it does not). */
  readonly check: { readonly method: 'HEAD' | 'GET'; readonly path: string };
  /** A GCS resumable-session start: the session's later PUTs must be checked as well. */
  readonly startsSession: boolean;
}

/** A create-only write that cannot be checked, and why; it is forwarded unchanged. */
export interface UncheckedWrite {
  readonly unchecked: string;
}

const GCS_UPLOAD = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/;
const GCS_COPY = /^\/storage\/v1\/b\/[^/]+\/o\/[^/]+\/(?:copyTo|rewriteTo)\/b\/([^/]+)\/o\/([^/]+)$/;

/**
 * Classifies a request: a checkable create-only write, one that cannot be checked, or `undefined`
 * for any other request. `sessions` maps GCS resumable `upload_id`s to the write that started them.
 */
export function detectCreateOnly(
  request: ProxiedRequest,
  sessions: ReadonlyMap<string, CreateOnlyWrite>,
): CreateOnlyWrite | UncheckedWrite | undefined {
  const { method, path, query, headers } = request;
  if (headers['x-ms-version'] !== undefined) return undefined;
  const host = headers.host ?? '';
  const upload = GCS_UPLOAD.exec(path);
  if (upload?.[1]) {
    const uploadId = query.get('upload_id');
    if (uploadId !== null) return method === 'PUT' ? sessions.get(uploadId) : undefined;
    if (method !== 'POST' || query.get('ifGenerationMatch') !== '0') return undefined;
    const name = query.get('name');
    if (name === null) return { unchecked: 'object name not in the query string (multipart metadata is not parsed)' };
    return gcsWrite(host, upload[1], encodeURIComponent(name), query.get('uploadType') === 'resumable');
  }
  const copy = GCS_COPY.exec(path);
  if (copy?.[1] && copy[2]) {
    return method === 'POST' && query.get('ifGenerationMatch') === '0'
      ? gcsWrite(host, copy[1], copy[2], false)
      : undefined;
  }
  const putObject = method === 'PUT' && !query.has('partNumber');
  const completeMultipart = method === 'POST' && query.has('uploadId');
  if (!putObject && !completeMultipart) return undefined;
  const dialect = headerDialect(headers, putObject);
  if (!dialect) return undefined;
  return { dialect, key: `${host} ${path}`, check: { method: 'HEAD', path }, startsSession: false };
}

function headerDialect(headers: IncomingHttpHeaders, putObject: boolean): CreateOnlyDialect | undefined {
  if (headers['if-none-match']?.trim() === '*') return 's3';
  if (headerValue(headers['x-oss-forbid-overwrite'])?.toLowerCase() === 'true') return 'oss';
  if (putObject && headerValue(headers['x-goog-if-generation-match']) === '0') return 'gcs-xml';
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

// Keys use the decoded bucket and name so that differently encoded spellings of one object share a lock.
function gcsWrite(host: string, bucket: string, encodedName: string, startsSession: boolean): CreateOnlyWrite {
  return {
    dialect: 'gcs-json',
    key: `${host} gcs ${safeDecode(bucket)}/${safeDecode(encodedName)}`,
    check: { method: 'GET', path: `/storage/v1/b/${bucket}/o/${encodedName}` },
    startsSession,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What the existence check found: `exists` is undefined when the answer was neither 2xx nor 404. */
export interface ExistenceCheck {
  readonly exists: boolean | undefined;
  /** The target's status, or undefined when the check failed to get one (it is then reported in `error`). */
  readonly status: number | undefined;
  readonly error?: string;
}

/**
 * Asks the target whether the object of `write` exists. The check carries the client's `Host`
 * header (virtual-hosted buckets, and answers that echo it) and its `Authorization` only when that
 * is a bearer token: a signature (SigV4, HMAC) is bound to the request it signed, so the check goes
 * unsigned — which servers that verify signatures refuse, leaving the write unchecked.
 */
export function checkExists(
  target: URL,
  agent: Agent,
  write: CreateOnlyWrite,
  clientHeaders: IncomingHttpHeaders,
  host: string,
  timeoutMs = 10_000,
): Promise<ExistenceCheck> {
  const headers: Record<string, string> = { host };
  const authorization = clientHeaders.authorization;
  if (authorization && /^bearer /i.test(authorization)) headers.authorization = authorization;
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: write.check.method, path: write.check.path, headers, agent },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.once('end', () => {
          resolve({ exists: status >= 200 && status < 300 ? true : status === 404 ? false : undefined, status });
        });
        // 'close' without 'end': the answer was cut; the first resolve wins, so this is a no-op after 'end'.
        res.once('close', () => resolve({ exists: undefined, status, error: 'answer cut short' }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', (error) => resolve({ exists: undefined, status: undefined, error: error.message }));
    req.end();
  });
}

/** The answer a real server of this dialect gives to a create-only write of an existing object. */
export function alreadyExists(dialect: CreateOnlyDialect): ErrorResponse {
  switch (dialect) {
    case 's3':
      return s3PreconditionFailed('If-None-Match');
    case 'gcs-xml':
      return s3PreconditionFailed('x-goog-if-generation-match');
    case 'oss':
      return ossFileAlreadyExists();
    case 'gcs-json':
      return gcsPreconditionFailed();
  }
}
