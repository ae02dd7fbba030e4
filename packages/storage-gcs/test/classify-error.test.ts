import { inspect } from 'node:util';
import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { classifyError, redact } from '../src/index.js';

/** An error shaped like @google-cloud/storage's ApiError: `code` = HTTP status, `errors[].reason`. */
function apiError(code: number, reason: string, message = `${reason} happened`): Error {
  return Object.assign(new Error(message), { code, errors: [{ reason, message, domain: 'global' }] });
}

function nodeError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

const { THROTTLED, UNAVAILABLE, ACCESS_DENIED, INVALID_REQUEST, UNKNOWN } = StorageErrorCode;

describe('classifyError', () => {
  it.each([
    ['429 rateLimitExceeded', apiError(429, 'rateLimitExceeded'), THROTTLED, true],
    ['403 userRateLimitExceeded', apiError(403, 'userRateLimitExceeded'), THROTTLED, true],
    ['503 backendError', apiError(503, 'backendError'), UNAVAILABLE, true],
    ['500 internalError', apiError(500, 'internalError'), UNAVAILABLE, true],
    ['502 without reason', Object.assign(new Error('Bad Gateway'), { code: 502 }), UNAVAILABLE, true],
    ['408 request timeout', Object.assign(new Error('timeout'), { code: 408 }), UNAVAILABLE, true],
    ['gaxios response.status 504', Object.assign(new Error('x'), { response: { status: 504 } }), UNAVAILABLE, true],
    ['ECONNRESET', nodeError('ECONNRESET'), UNAVAILABLE, true],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), UNAVAILABLE, true],
    [
      'ECONNRESET in the cause',
      new Error('request to x failed', { cause: nodeError('ECONNRESET') }),
      UNAVAILABLE,
      true,
    ],
    ['socket hang up (no code)', new Error('socket hang up'), UNAVAILABLE, true],
    ['401', apiError(401, 'required', 'Anonymous caller'), ACCESS_DENIED, false],
    ['403 forbidden', apiError(403, 'forbidden'), ACCESS_DENIED, false],
    ['no credentials', new Error('Could not load the default credentials. Browse to ...'), ACCESS_DENIED, false],
    ['404 bucket', apiError(404, 'notFound', 'The specified bucket does not exist.'), INVALID_REQUEST, false],
    ['400 invalid', apiError(400, 'invalid'), INVALID_REQUEST, false],
    ['412 conditionNotMet', apiError(412, 'conditionNotMet'), INVALID_REQUEST, false],
    // What the client throws for a 412 at the start of a resumable upload: no `code`, only the message.
    ['412 without a code', new Error('Request failed with status code 412'), INVALID_REQUEST, false],
    ['503 without a code', new Error('Request failed with status code 503'), UNAVAILABLE, true],
    ['a plain Error', new Error('boom'), UNKNOWN, false],
    ['a string', 'boom', UNKNOWN, false],
  ])('%s → %s', (_name, error, code, retriable) => {
    const classified = classifyError(error, 'put', 'a/key');
    expect(classified).toBeInstanceOf(StorageError);
    expect(classified).toMatchObject({ code, retriable, operation: 'put', key: 'a/key' });
  });

  it('passes a StorageError through unchanged and puts status, reason and message in its own', () => {
    const already = new StorageError(THROTTLED, 'x', { operation: 'get' });
    expect(classifyError(already, 'put')).toBe(already);
    expect(classifyError(apiError(503, 'backendError', 'try again'), 'get', 'k').message).toBe(
      'get k: 503 backendError: try again',
    );
  });

  it('keeps no token, signature or HTTP exchange in the message or the cause', () => {
    const token = 'ya29.a0AfB_byC-secret-token';
    const signedUrl =
      'https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=sa%40p.iam&X-Goog-Signature=abcdef0123';
    const error = Object.assign(new Error(`403 for ${signedUrl} with Bearer ${token}`), {
      code: 403,
      errors: [{ reason: 'forbidden' }],
      config: { headers: { Authorization: `Bearer ${token}` }, url: signedUrl },
      response: { status: 403, config: { headers: { Authorization: `Bearer ${token}` } } },
      cause: Object.assign(new Error(`inner ${signedUrl}`), { config: { headers: { authorization: token } } }),
    });
    const classified = classifyError(error, 'get', 'k');
    expect(classified.code).toBe(ACCESS_DENIED);
    for (const text of [classified.message, JSON.stringify(classified), inspect(classified, { depth: 30 })]) {
      expect(text).not.toContain('secret-token');
      expect(text).not.toContain('abcdef0123');
      expect(text).not.toContain('sa%40p.iam');
    }
    expect(classified.message).toContain('https://storage.googleapis.com/b/o?[redacted]');
  });

  it('redact removes query strings, bearer tokens, OAuth fields and private keys', () => {
    expect(redact('GET http://h/o?upload_id=abc&X-Goog-Signature=1 failed')).toBe('GET http://h/o?[redacted] failed');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redact('{"refresh_token":"1//xyz","client_secret":"s3"}')).toBe(
      '{"refresh_token":"[redacted]","client_secret":"[redacted]"}',
    );
    expect(redact('key -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- end')).toBe(
      'key [redacted key] end',
    );
  });
});
