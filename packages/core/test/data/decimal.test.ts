import { describe, expect, it } from 'vitest';
import { DataError, Decimal } from '../../src/index.js';

describe('Decimal', () => {
  it('prints exactly, whatever the size or sign', () => {
    expect(new Decimal(12345n, 2).toString()).toBe('123.45');
    expect(new Decimal(-5n, 2).toString()).toBe('-0.05');
    expect(new Decimal(5n, -2).toString()).toBe('500');
    expect(new Decimal(0n, 3).toString()).toBe('0.000');
    const huge = 123456789012345678901234567890n;
    expect(new Decimal(huge, 10).toString()).toBe('12345678901234567890.1234567890');
    expect(JSON.stringify({ price: new Decimal(199n, 2) })).toBe('{"price":"1.99"}');
  });

  it('parses text keeping the implied scale', () => {
    expect(Decimal.parse('123.45')).toMatchObject({ unscaled: 12345n, scale: 2 });
    expect(Decimal.parse('-0.050')).toMatchObject({ unscaled: -50n, scale: 3 });
    expect(Decimal.parse('+7')).toMatchObject({ unscaled: 7n, scale: 0 });
    expect(Decimal.parse('.5')).toMatchObject({ unscaled: 5n, scale: 1 });
    expect(Decimal.parse('1.5e3')).toMatchObject({ unscaled: 15n, scale: -2 });
    expect(Decimal.parse('1.5e3').toString()).toBe('1500');
    expect(Decimal.parse(' 9007199254740993.01 ').toString()).toBe('9007199254740993.01');
  });

  it('rejects text that is not a decimal', () => {
    for (const bad of ['', '.', 'abc', '1.2.3', '1e', '0x10']) {
      expect(() => Decimal.parse(bad)).toThrow(DataError);
    }
    expect(() => new Decimal(1 as unknown as bigint, 0)).toThrow(TypeError);
    expect(() => new Decimal(1n, 0.5)).toThrow(TypeError);
  });

  it('rescales up freely and down only without losing digits', () => {
    expect(Decimal.parse('1.5').rescale(3).toString()).toBe('1.500');
    expect(Decimal.parse('1.500').rescale(1).toString()).toBe('1.5');
    expect(() => Decimal.parse('1.55').rescale(1)).toThrow(
      'Cannot rescale decimal 1.55 to scale 1 without losing digits',
    );
  });

  it('compares numerically and converts to a (lossy) number', () => {
    expect(Decimal.parse('2.0').equals(Decimal.parse('2'))).toBe(true);
    expect(Decimal.parse('2.01').equals(Decimal.parse('2'))).toBe(false);
    expect(Decimal.parse('2').equals(2)).toBe(false);
    expect(Decimal.parse('-12.25').toNumber()).toBe(-12.25);
  });
});
