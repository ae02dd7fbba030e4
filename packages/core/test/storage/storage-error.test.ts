import { describe, expect, it } from 'vitest';
import { isRetriable, SinkkitError, StorageError, StorageErrorCode } from '../../src/index.js';

describe('StorageError', () => {
  it('is retriable exactly for throttling and unavailability', () => {
    const retriable = Object.values(StorageErrorCode).filter((code) =>
      isRetriable(new StorageError(code, 'x', { operation: 'put' })),
    );
    expect(retriable.sort()).toEqual([StorageErrorCode.THROTTLED, StorageErrorCode.UNAVAILABLE].sort());
  });

  it('names the operation and key, keeps the cause and the stable code', () => {
    const cause = new Error('503 SlowDown');
    const error = new StorageError(StorageErrorCode.THROTTLED, 'slow down', {
      operation: 'putIfAbsent',
      key: 'wal/1',
      cause,
    });
    expect(error).toBeInstanceOf(SinkkitError);
    expect(error.message).toBe('putIfAbsent wal/1: slow down');
    expect(error.code).toBe('STORAGE_THROTTLED');
    expect(error.cause).toBe(cause);
    expect(error.operation).toBe('putIfAbsent');
    expect(error.key).toBe('wal/1');
  });
});
