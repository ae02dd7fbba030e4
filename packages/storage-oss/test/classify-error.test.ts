import { inspect } from 'node:util';
import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { classifyError, redact } from '../src/index.js';

// Errors shaped as ali-oss makes them (client.js requestError): name = Code + "Error", code, status;
// a request without an answer has status -1 (network) or -2 (timeout) and code = the urllib name.
const oss = (status: number, code: string, message = `${code} happened`) =>
  Object.assign(new Error(message), { name: `${code}Error`, code, status, requestId: 'REQ1' });
const noAnswer = (status: -1 | -2, name: string, message: string) =>
  Object.assign(new Error(message), { name, code: name, status });
const node = (code: string) => Object.assign(new Error(`${code} from node`), { code });

const { THROTTLED, UNAVAILABLE, ACCESS_DENIED, INVALID_REQUEST, UNKNOWN } = StorageErrorCode;

describe('classifyError', () => {
  it.each<[string, unknown, string, boolean]>([
    ['503 ServiceUnavailable', oss(503, 'ServiceUnavailable'), THROTTLED, true],
    ['429', oss(429, 'TooManyRequests'), THROTTLED, true],
    ['503 without a body', Object.assign(new Error('Unknow error, status: 503'), { status: 503 }), THROTTLED, true],
    ['403 QpsLimitExceeded', oss(403, 'QpsLimitExceeded'), THROTTLED, true],
    ['500 InternalError', oss(500, 'InternalError'), UNAVAILABLE, true],
    ['502', oss(502, 'BadGateway'), UNAVAILABLE, true],
    ['400 RequestTimeout', oss(400, 'RequestTimeout'), UNAVAILABLE, true],
    [
      'ConnectionTimeoutError (-2)',
      noAnswer(-2, 'ConnectionTimeoutError', 'Connect timeout for 60000ms'),
      UNAVAILABLE,
      true,
    ],
    [
      'ResponseTimeoutError (-2)',
      noAnswer(-2, 'ResponseTimeoutError', 'Response timeout for 60000ms'),
      UNAVAILABLE,
      true,
    ],
    ['ECONNRESET from urllib (-1)', noAnswer(-1, 'ResponseError', 'read ECONNRESET (req "error")'), UNAVAILABLE, true],
    ['socket hang up (-1)', noAnswer(-1, 'RequestError', 'socket hang up'), UNAVAILABLE, true],
    ['plain ECONNRESET', node('ECONNRESET'), UNAVAILABLE, true],
    [
      'a 200 whose body broke off (ali-oss fails to parse it)',
      Object.assign(new Error('Non-whitespace before first tag.\nraw xml: \u0001binary'), { status: 200 }),
      UNAVAILABLE,
      true,
    ],
    ['ECONNREFUSED in a cause', new Error('request failed', { cause: node('ECONNREFUSED') }), UNAVAILABLE, true],
    ['403 AccessDenied', oss(403, 'AccessDenied'), ACCESS_DENIED, false],
    ['403 InvalidAccessKeyId', oss(403, 'InvalidAccessKeyId'), ACCESS_DENIED, false],
    ['403 SignatureDoesNotMatch', oss(403, 'SignatureDoesNotMatch'), ACCESS_DENIED, false],
    ['403 InvalidSecurityToken', oss(403, 'InvalidSecurityToken'), ACCESS_DENIED, false],
    ['403 SecurityTokenExpired', oss(403, 'SecurityTokenExpired'), ACCESS_DENIED, false],
    [
      '403 without a code',
      Object.assign(new Error('Unknow error, status: 403'), { status: 403 }),
      ACCESS_DENIED,
      false,
    ],
    ['404 NoSuchBucket', oss(404, 'NoSuchBucket'), INVALID_REQUEST, false],
    ['400 InvalidArgument', oss(400, 'InvalidArgument'), INVALID_REQUEST, false],
    ['400 EntityTooSmall', oss(400, 'EntityTooSmall'), INVALID_REQUEST, false],
    ['400 InvalidDigest', oss(400, 'InvalidDigest'), INVALID_REQUEST, false],
    ['409 FileAlreadyExists', oss(409, 'FileAlreadyExists'), INVALID_REQUEST, false],
    ['a TypeError', new TypeError('x is not a function'), UNKNOWN, false],
    ['a string', 'something odd', UNKNOWN, false],
  ])('%s → %s (retriable %s)', (_, error, code, retriable) => {
    const classified = classifyError(error, 'put', 'k');
    expect(classified).toBeInstanceOf(StorageError);
    expect(classified).toMatchObject({ code, retriable, operation: 'put', key: 'k' });
  });

  it('passes a StorageError through and names the OSS code and status in the message', () => {
    const first = classifyError(oss(403, 'AccessDenied', 'You have no right to access this object.'), 'get', 'a/b');
    expect(classifyError(first, 'other')).toBe(first);
    expect(first.message).toBe('get a/b: 403 AccessDenied: You have no right to access this object.');
  });

  it('leaves out a body ali-oss could not parse (for a GET, the object data)', () => {
    const error = Object.assign(new Error('Non-whitespace before first tag.\nraw xml: secret-object-bytes'), {
      status: 200,
    });
    const classified = classifyError(error, 'get', 'k');
    expect(classified.message).toBe('get k: 200: Non-whitespace before first tag.\nraw xml: [omitted]');
    expect(inspect(classified, { depth: 20 })).not.toContain('secret-object-bytes');
  });

  it('drops ali-oss request params and raw responses from the cause and redacts its message', () => {
    const error = Object.assign(
      new Error('socket hang up, GET http://b.oss-cn-hangzhou.aliyuncs.com/k?Signature=abc&OSSAccessKeyId=LTAIx -1'),
      {
        name: 'RequestError',
        code: 'RequestError',
        status: -1,
        params: { headers: { authorization: 'OSS LTAIx:c2lnbmF0dXJl' }, content: Buffer.from('body') },
        res: { headers: {}, requestUrls: ['http://b/k?security-token=tok'] },
      },
    );
    const classified = classifyError(error, 'get', 'k');
    const printed = `${classified.message}\n${inspect(classified, { depth: 20 })}\n${JSON.stringify(classified)}`;
    expect(printed).not.toMatch(/Signature=abc|OSSAccessKeyId=LTAIx|c2lnbmF0dXJl|security-token=tok/);
    expect((classified.cause as Record<string, unknown>).params).toBeUndefined();
  });
});

describe('redact', () => {
  it.each([
    ['Authorization: OSS LTAI5tAbc:Zm9vYmFyYmF6cXV4PQ==', 'Authorization: [redacted]'],
    ['header OSS LTAI5tAbc:Zm9vYmFyYmF6cXV4PQ== sent', 'header OSS [redacted] sent'],
    [
      'https://b.oss.aliyuncs.com/k?OSSAccessKeyId=LTAI&Expires=1&Signature=x%2B',
      'https://b.oss.aliyuncs.com/k?[redacted]',
    ],
    ['x-oss-security-token: CAISabc123', 'x-oss-security-token: [redacted]'],
    ["{ accessKeySecret: 'topsecret', stsToken: 'CAIS' }", "{ accessKeySecret: '[redacted]', stsToken: '[redacted]' }"],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
