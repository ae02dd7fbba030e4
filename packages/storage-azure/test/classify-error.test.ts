import { inspect } from 'node:util';
import { RestError } from '@azure/storage-blob';
import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { classifyError, redact } from '../src/index.js';

const rest = (status: number | undefined, code: string, message = `${code} happened`) =>
  new RestError(`${message}\nRequestId:0f1e\nTime:2025-01-01T00:00:00.000Z`, { statusCode: status, code });
const node = (code: string, message = `${code} from node`) => Object.assign(new Error(message), { code });

const { THROTTLED, UNAVAILABLE, ACCESS_DENIED, INVALID_REQUEST, UNKNOWN } = StorageErrorCode;

describe('classifyError', () => {
  it.each<[string, unknown, string, boolean]>([
    ['503 ServerBusy', rest(503, 'ServerBusy'), THROTTLED, true],
    ['503 without a code', rest(503, ''), THROTTLED, true],
    ['429', rest(429, 'TooManyRequests'), THROTTLED, true],
    ['503 IngressOverAccountLimit', rest(503, 'IngressOverAccountLimit'), THROTTLED, true],
    ['500 InternalError', rest(500, 'InternalError'), UNAVAILABLE, true],
    ['500 OperationTimedOut', rest(500, 'OperationTimedOut'), UNAVAILABLE, true],
    ['502', rest(502, ''), UNAVAILABLE, true],
    ['REQUEST_SEND_ERROR (no answer)', rest(undefined, 'REQUEST_SEND_ERROR', 'read ECONNRESET'), UNAVAILABLE, true],
    ['ECONNRESET', node('ECONNRESET'), UNAVAILABLE, true],
    ['ETIMEDOUT wrapped in a cause', new Error('fetch failed', { cause: node('ETIMEDOUT') }), UNAVAILABLE, true],
    ['socket hang up', new Error('socket hang up'), UNAVAILABLE, true],
    [
      'a download body aborted mid-way',
      Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }),
      UNAVAILABLE,
      true,
    ],
    ['403 AuthenticationFailed', rest(403, 'AuthenticationFailed'), ACCESS_DENIED, false],
    ['403 AuthorizationPermissionMismatch', rest(403, 'AuthorizationPermissionMismatch'), ACCESS_DENIED, false],
    ['403 without a code', rest(403, ''), ACCESS_DENIED, false],
    ['401', rest(401, ''), ACCESS_DENIED, false],
    [
      'a token credential that cannot get a token',
      Object.assign(new Error('no token'), { name: 'CredentialUnavailableError' }),
      ACCESS_DENIED,
      false,
    ],
    ['404 ContainerNotFound', rest(404, 'ContainerNotFound'), INVALID_REQUEST, false],
    ['400 InvalidBlockList', rest(400, 'InvalidBlockList'), INVALID_REQUEST, false],
    ['400 InvalidHeaderValue', rest(400, 'InvalidHeaderValue'), INVALID_REQUEST, false],
    [
      '400 that mentions a timeout',
      rest(400, 'InvalidQueryParameterValue', 'timeout is out of range'),
      INVALID_REQUEST,
      false,
    ],
    ['409 BlobAlreadyExists', rest(409, 'BlobAlreadyExists'), INVALID_REQUEST, false],
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

  it('names the status and the Azure code, without the RequestId/Time lines', () => {
    expect(classifyError(rest(503, 'ServerBusy', 'The server is busy.'), 'get', 'k').message).toBe(
      'get k: 503 ServerBusy: The server is busy.',
    );
    expect(classifyError(node('ECONNRESET', 'read ECONNRESET'), 'list').message).toBe(
      'list: ECONNRESET: read ECONNRESET',
    );
  });

  it('passes a StorageError through unchanged', () => {
    const original = new StorageError(StorageErrorCode.STAGED_UPLOAD_LOST, 'gone', { operation: 'finalize', key: 'k' });
    expect(classifyError(original, 'other')).toBe(original);
  });

  it('keeps a sanitized copy of the RestError as cause: no request, no response, no signed URL', () => {
    const error = new RestError('Server failed to authenticate the request.', {
      statusCode: 403,
      code: 'AuthenticationFailed',
      request: {
        url: 'https://acct.blob.core.windows.net/c/k?sv=2024-01-01&sig=SIGNATURE123',
        headers: { get: () => 'SharedKey acct:SIGNATURE456' },
      } as never,
    });
    const classified = classifyError(error, 'get', 'k');
    const cause = classified.cause as Error & { code?: string; statusCode?: number };
    expect(cause).toBeInstanceOf(Error);
    expect({ name: cause.name, code: cause.code, statusCode: cause.statusCode }).toEqual({
      name: 'RestError',
      code: 'AuthenticationFailed',
      statusCode: 403,
    });
    for (const text of [inspect(classified, { depth: 20 }), JSON.stringify(classified), classified.message]) {
      expect(text).not.toContain('SIGNATURE123');
      expect(text).not.toContain('SIGNATURE456');
    }
  });

  it('removes SAS queries, account keys, shared-key and bearer signatures from messages', () => {
    const text =
      'PUT https://acct.blob.core.windows.net/c/k?sv=2024-01-01&se=2030&sig=abc%2Fdef failed; ' +
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyc2VjcmV0PT0=;EndpointSuffix=core.windows.net; ' +
      'Authorization: SharedKey acct:c2lnbmF0dXJl Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig; ' +
      '{"accountKey":"jsonsecret"} sas ?sv=2024&sig=barequery; ' +
      "The MAC signature found in the HTTP request 'bWFjc2lnbmF0dXJl' is not the same as any computed signature. " +
      "Server used following string to sign: 'PUT\n\n5\n/acct/c/k'. " +
      'key Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    const clean = redact(text);
    for (const secret of [
      'abc%2Fdef',
      'Zm9vYmFyc2VjcmV0PT0=',
      'c2lnbmF0dXJl',
      'eyJhbGciOiJSUzI1NiJ9',
      'jsonsecret',
      'barequery',
    ]) {
      expect(clean).not.toContain(secret);
    }
    expect(clean).toContain('https://acct.blob.core.windows.net/c/k?[redacted]');
    expect(classifyError(new Error(text), 'get').message).not.toContain('Zm9vYmFyc2VjcmV0PT0=');
  });
});
