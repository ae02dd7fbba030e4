import { StorageError, StorageErrorCode } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../src/index.js';

const errno = (code: string) => Object.assign(new Error(`${code}: it happened`), { code });

describe('classifyError', () => {
  it.each([
    ['EACCES', StorageErrorCode.ACCESS_DENIED, false],
    ['EPERM', StorageErrorCode.ACCESS_DENIED, false],
    ['EROFS', StorageErrorCode.ACCESS_DENIED, false],
    ['ENOSPC', StorageErrorCode.UNAVAILABLE, true],
    ['EDQUOT', StorageErrorCode.UNAVAILABLE, true],
    ['EMFILE', StorageErrorCode.UNAVAILABLE, true],
    ['ESTALE', StorageErrorCode.UNAVAILABLE, true],
    ['EIO', StorageErrorCode.UNKNOWN, false],
    ['ENOENT', StorageErrorCode.INVALID_REQUEST, false],
    ['ENOTDIR', StorageErrorCode.INVALID_REQUEST, false],
    ['ENAMETOOLONG', StorageErrorCode.INVALID_REQUEST, false],
    ['EWHATEVER', StorageErrorCode.UNKNOWN, false],
  ])('%s → %s (retriable: %s)', (code, expected, retriable) => {
    const error = classifyError(errno(code), 'putIfAbsent', 'wal/1');
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: expected, retriable, operation: 'putIfAbsent', key: 'wal/1' });
    expect(error.message).toBe(`putIfAbsent wal/1: ${code}: it happened`);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('passes a StorageError through and calls anything else UNKNOWN', () => {
    const lost = new StorageError(StorageErrorCode.STAGED_UPLOAD_LOST, 'gone', { operation: 'finalize' });
    expect(classifyError(lost, 'other')).toBe(lost);
    expect(classifyError('a string', 'get')).toMatchObject({ code: StorageErrorCode.UNKNOWN, retriable: false });
  });
});
