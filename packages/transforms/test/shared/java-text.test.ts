import { Decimal } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { javaBigDecimalText, javaDateText, javaDoubleText, javaFloatText } from '../../src/shared/java-text.js';

describe('java-text', () => {
  it('prints doubles as Double.toString does', () => {
    const cases: [number, string][] = [
      [42, '42.0'],
      [-64, '-64.0'],
      [0.5, '0.5'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [1234567.5, '1234567.5'],
      [1e7, '1.0E7'],
      [9.223372036854776e18, '9.223372036854776E18'],
      [-0.000123, '-1.23E-4'],
      [0, '0.0'],
      [Number.NaN, 'NaN'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ];
    expect(cases.map(([n]) => javaDoubleText(n))).toEqual(cases.map(([, text]) => text));
  });

  it('prints floats as Float.toString does (shortest float digits)', () => {
    expect([0.1, 32, 1e10, 0.3].map((n) => javaFloatText(Math.fround(n)))).toEqual(['0.1', '32.0', '1.0E10', '0.3']);
  });

  it('prints decimals as BigDecimal.toString does', () => {
    const cases: [bigint, number, string][] = [
      [42n, 0, '42'],
      [-1205n, 2, '-12.05'],
      [5n, -2, '5E+2'],
      [123n, -3, '1.23E+5'],
      [12n, 9, '1.2E-8'],
      [1n, 7, '1E-7'],
      [1n, 6, '0.000001'],
    ];
    expect(cases.map(([u, s]) => javaBigDecimalText(new Decimal(u, s)))).toEqual(cases.map(([, , text]) => text));
  });

  it("formats dates as Values.dateFormatFor picks the pattern (Kafka's CastTest)", () => {
    expect([86_400_000, 3_600_000, 86_400_001].map((ms) => javaDateText(new Date(ms)))).toEqual([
      '1970-01-02',
      '01:00:00.000Z',
      '1970-01-02T00:00:00.001Z',
    ]);
  });
});
