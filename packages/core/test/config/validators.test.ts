import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { atLeast, matches, nonEmpty, oneOf, Password, range, validator } from '../../src/index.js';

describe('validators', () => {
  it('range checks either or both bounds and describes itself', () => {
    expect(range({ min: 1, max: 10 }).check(0)).toBe('must be at least 1');
    expect(range({ min: 1, max: 10 }).check(11)).toBe('must be at most 10');
    expect(range({ min: 1, max: 10 }).check(10)).toBeUndefined();
    expect(range({ min: 1, max: 10 }).description).toBe('between 1 and 10');
    expect(range({ max: 5 }).description).toBe('at most 5');
    expect(range({}).check(-1e9)).toBeUndefined();
    expect(atLeast(1).check(-5)).toBe('must be at least 1');
    expect(atLeast(1).description).toBe('at least 1');
  });

  it('oneOf checks a string or every item of a list', () => {
    const formats = oneOf('json', 'avro');
    expect(formats.check('json')).toBeUndefined();
    expect(formats.check('csv')).toBe('must be one of json, avro');
    expect(formats.check(['json', 'avro'])).toBeUndefined();
    expect(formats.check(['json', 'csv'])).toBe('item "csv" must be one of json, avro');
  });

  it('nonEmpty refuses empty strings, lists and passwords', () => {
    const check = nonEmpty().check;
    expect([check(''), check([]), check(new Password(''))]).toEqual([
      'must not be empty',
      'must not be empty',
      'must not be empty',
    ]);
    expect([check('x'), check(['x']), check(new Password('x'))]).toEqual([undefined, undefined, undefined]);
  });

  it('matches uses a zod schema, with its message or a given reason', () => {
    const bucket = matches(
      z.string().regex(/^[a-z0-9.-]{3,63}$/, { error: 'is not a valid bucket name' }),
      'bucket name',
    );
    expect(bucket.check('my-bucket')).toBeUndefined();
    expect(bucket.check('My_Bucket')).toBe('is not a valid bucket name');
    expect(bucket.description).toBe('bucket name');
    expect(matches(z.string().startsWith('s3://'), 'an s3 URL', 'must start with s3://').check('gs://x')).toBe(
      'must start with s3://',
    );
  });

  it('validator wraps a custom check', () => {
    const even = validator<number>('even', (n) => (n % 2 === 0 ? undefined : 'must be even'));
    expect([even.check(2), even.check(3), even.description]).toEqual([undefined, 'must be even', 'even']);
  });
});
