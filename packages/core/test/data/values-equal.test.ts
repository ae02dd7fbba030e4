import { describe, expect, it } from 'vitest';
import { Decimal, valuesEqual } from '../../src/index.js';

describe('valuesEqual', () => {
  it('compares primitives, bigints, NaN and nulls', () => {
    expect(valuesEqual(1, 1)).toBe(true);
    expect(valuesEqual(2n ** 64n, 2n ** 64n)).toBe(true);
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(valuesEqual(1, 1n)).toBe(false);
    expect(valuesEqual(null, undefined)).toBe(false);
    expect(valuesEqual('a', 'b')).toBe(false);
  });

  it('compares bytes, dates, arrays, maps and objects by content', () => {
    expect(valuesEqual(new Uint8Array([1, 2]), Buffer.from([1, 2]))).toBe(true);
    expect(valuesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(valuesEqual(new Date(5), new Date(5))).toBe(true);
    expect(valuesEqual(new Date(5), 5)).toBe(false);
    expect(valuesEqual([1, [2n]], [1, [2n]])).toBe(true);
    expect(valuesEqual([1], [1, 2])).toBe(false);
    expect(valuesEqual(new Map([['a', [1]]]), new Map([['a', [1]]]))).toBe(true);
    expect(valuesEqual(new Map([['a', 1]]), new Map([['b', 1]]))).toBe(false);
    expect(valuesEqual({ a: { b: 1 } }, { a: { b: 1 } })).toBe(true);
    expect(valuesEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(valuesEqual({ 0: 1 }, [1])).toBe(false);
  });

  it('uses equals() when a value has one', () => {
    expect(valuesEqual(Decimal.parse('1.50'), Decimal.parse('1.5'))).toBe(true);
    expect(valuesEqual(Decimal.parse('1.5'), Decimal.parse('1.6'))).toBe(false);
  });
});
