import { describe, expect, it } from 'vitest';
import { ConfigError, SinkkitError } from '../../src/index.js';

describe('ConfigError', () => {
  it('names the key, the value and the reason, with code CONFIG_INVALID', () => {
    const error = new ConfigError({ key: 'flush.size', value: '-5', reason: 'must be at least 1' });
    expect(error).toBeInstanceOf(SinkkitError);
    expect(error.message).toBe('Invalid value -5 for configuration flush.size: must be at least 1');
    expect([error.code, error.retriable, error.name]).toEqual(['CONFIG_INVALID', false, 'ConfigError']);
  });

  it('leaves the value out when there is none', () => {
    expect(new ConfigError({ key: 'topics', reason: 'missing, and has no default value' }).message).toBe(
      'Invalid configuration topics: missing, and has no default value',
    );
  });

  it('aggregates several problems, one per line, and lists their keys', () => {
    const error = new ConfigError([
      { key: 'flush.size', value: '-5', reason: 'must be at least 1' },
      { key: 's3.bucket.name', reason: 'missing, and has no default value' },
      { key: 'flush.size', value: 'x', reason: 'again' },
    ]);
    expect(error.message).toBe(
      [
        '3 invalid configurations:',
        '  - Invalid value -5 for configuration flush.size: must be at least 1',
        '  - Invalid configuration s3.bucket.name: missing, and has no default value',
        '  - Invalid value x for configuration flush.size: again',
      ].join('\n'),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.keys).toEqual(['flush.size', 's3.bucket.name']);
    expect(Object.isFrozen(error.problems)).toBe(true);
  });

  it('keeps its cause and refuses to be empty', () => {
    const cause = new Error('inner');
    expect(new ConfigError({ key: 'k', reason: 'r' }, { cause }).cause).toBe(cause);
    expect(() => new ConfigError([])).toThrow(TypeError);
  });
});
