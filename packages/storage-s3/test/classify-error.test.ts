import { inspect } from 'node:util';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { classifyError, redact } from '../src/index.js';

const service = (name: string, status: number, message = `${name} happened`) =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message,
  });
const node = (code: string, message = `${code} from node`) => Object.assign(new Error(message), { code });
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

const { THROTTLED, UNAVAILABLE, ACCESS_DENIED, INVALID_REQUEST, UNKNOWN } = StorageErrorCode;

describe('classifyError', () => {
  it.each<[string, unknown, string, boolean]>([
    ['503 SlowDown', service('SlowDown', 503), THROTTLED, true],
    ['503 without a code', service('Unknown', 503), THROTTLED, true],
    ['429', service('TooManyRequests', 429), THROTTLED, true],
    ['400 ThrottlingException', service('ThrottlingException', 400), THROTTLED, true],
    ['500 InternalError', service('InternalError', 500), UNAVAILABLE, true],
    ['502', service('BadGateway', 502), UNAVAILABLE, true],
    ['400 RequestTimeout (S3: socket not read in time)', service('RequestTimeout', 400), UNAVAILABLE, true],
    ['ECONNRESET', node('ECONNRESET'), UNAVAILABLE, true],
    ['ECONNREFUSED', node('ECONNREFUSED'), UNAVAILABLE, true],
    ['ETIMEDOUT wrapped in a cause', new Error('fetch failed', { cause: node('ETIMEDOUT') }), UNAVAILABLE, true],
    ['socket hang up', new Error('socket hang up'), UNAVAILABLE, true],
    ['TimeoutError', named('TimeoutError', 'Connection timed out after 1000 ms'), UNAVAILABLE, true],
    ['403 AccessDenied', service('AccessDenied', 403), ACCESS_DENIED, false],
    ['403 InvalidAccessKeyId', service('InvalidAccessKeyId', 403), ACCESS_DENIED, false],
    ['403 SignatureDoesNotMatch', service('SignatureDoesNotMatch', 403), ACCESS_DENIED, false],
    ['403 without a code', service('Forbidden', 403), ACCESS_DENIED, false],
    ['404 NoSuchBucket', service('NoSuchBucket', 404), INVALID_REQUEST, false],
    ['400 InvalidRequest', service('InvalidRequest', 400), INVALID_REQUEST, false],
    ['400 without a code', service('BadRequest', 400), INVALID_REQUEST, false],
    ['a TypeError (a bug)', new TypeError('x is not a function'), UNKNOWN, false],
    ['a string', 'boom', UNKNOWN, false],
    ['undefined', undefined, UNKNOWN, false],
  ])('%s → %s (retriable %s)', (_, error, code, retriable) => {
    const classified = classifyError(error, 'putIfAbsent', 'wal/1.json');
    expect(classified).toBeInstanceOf(StorageError);
    expect({ code: classified.code, retriable: classified.retriable }).toEqual({ code, retriable });
    expect(classified.operation).toBe('putIfAbsent');
    expect(classified.key).toBe('wal/1.json');
    expect(classified.message.startsWith('putIfAbsent wal/1.json: ')).toBe(true);
  });

  it('names the S3 code and the status in the message', () => {
    expect(classifyError(service('SlowDown', 503, 'Please reduce your request rate.'), 'get', 'k').message).toBe(
      'get k: 503 SlowDown: Please reduce your request rate.',
    );
    expect(classifyError(node('ECONNRESET', 'read ECONNRESET'), 'list').message).toBe(
      'list: ECONNRESET: read ECONNRESET',
    );
  });

  it('passes a StorageError through unchanged', () => {
    const original = new StorageError(StorageErrorCode.STAGED_UPLOAD_LOST, 'gone', { operation: 'finalize', key: 'k' });
    expect(classifyError(original, 'other')).toBe(original);
  });

  it('keeps the SDK error as cause, without the raw HTTP exchange that holds the signed request', () => {
    const error = service('AccessDenied', 403);
    Object.assign(error, {
      $response: {
        headers: {},
        body: { req: { _headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIA…, Signature=abc' } } },
      },
    });
    const classified = classifyError(error, 'get', 'k');
    const cause = classified.cause as S3ServiceException;
    expect(cause).toBeInstanceOf(S3ServiceException);
    expect(cause.name).toBe('AccessDenied');
    expect(cause.$metadata.httpStatusCode).toBe(403);
    expect(Object.hasOwn(cause, '$response')).toBe(false);
    expect(inspect(classified, { depth: 20 })).not.toContain('Signature=abc');
  });

  it('removes presigned URL queries, SigV4 credentials and signatures, and secrets from messages', () => {
    const text =
      'GET https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=deadbeef failed; ' +
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/s3/aws4_request, Signature=cafe; ' +
      'config {"secretAccessKey":"wJalrXUtnFEMI"}';
    const clean = redact(text);
    for (const secret of ['AKIA%2F20240101', 'deadbeef', 'AKIAEXAMPLE', 'cafe', 'wJalrXUtnFEMI']) {
      expect(clean).not.toContain(secret);
    }
    expect(clean).toContain('https://b.s3.amazonaws.com/k?[redacted]');
    expect(classifyError(new Error(text), 'get').message).not.toContain('deadbeef');
  });
});
