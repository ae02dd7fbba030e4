import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, isRetriable, RetriableError, SinkkitError } from '../../src/index.js';

describe('SinkkitError', () => {
  it('carries a stable code, a retriable flag that defaults to false, and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new SinkkitError('upload failed', { code: 'STORAGE_UNAVAILABLE', cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SinkkitError');
    expect(error.code).toBe('STORAGE_UNAVAILABLE');
    expect(error.retriable).toBe(false);
    expect(error.cause).toBe(cause);
    expect(new SinkkitError('x', { code: 'X', retriable: true }).retriable).toBe(true);
  });

  it('leaves cause unset when none is given', () => {
    expect(Object.hasOwn(new SinkkitError('x', { code: 'X' }), 'cause')).toBe(false);
  });
});

describe('RetriableError', () => {
  it('is retriable with code RETRIABLE unless another code is given', () => {
    const plain = new RetriableError('throttled');
    expect(plain).toBeInstanceOf(SinkkitError);
    expect([plain.name, plain.code, plain.retriable]).toEqual(['RetriableError', 'RETRIABLE', true]);
    const coded = new RetriableError('slow down', { code: 'STORAGE_THROTTLED', cause: 'x' });
    expect([coded.code, coded.retriable, coded.cause]).toEqual(['STORAGE_THROTTLED', true, 'x']);
  });
});

describe('isRetriable', () => {
  it('is true only for errors flagged retriable', () => {
    expect(isRetriable(new RetriableError('x'))).toBe(true);
    expect(isRetriable(new SinkkitError('x', { code: 'X', retriable: true }))).toBe(true);
    expect(isRetriable(new DataError('bad'))).toBe(false);
    expect(isRetriable(new ConfigError({ key: 'k', reason: 'r' }))).toBe(false);
    expect(isRetriable(new Error('plain'))).toBe(false);
  });

  it('accepts other libraries that follow the retriable convention (kafkajs does)', () => {
    const kafkajsLike = Object.assign(new Error('The coordinator is not available'), { retriable: true });
    expect(isRetriable(kafkajsLike)).toBe(true);
    expect(isRetriable({ retriable: 'yes' })).toBe(false);
  });

  it('is false for non-errors', () => {
    for (const value of [null, undefined, 'retriable', 42, {}]) expect(isRetriable(value)).toBe(false);
  });
});
