import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/index.js';

describe('backoffDelay', () => {
  it('doubles the ceiling each attempt up to the cap, scaled by the random draw (full jitter)', () => {
    const top = () => 0.999_999;
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
      backoffDelay(attempt, { baseMs: 100, capMs: 3_000, random: top }),
    );
    expect(ceilings).toEqual([99, 199, 399, 799, 1_599, 2_999, 2_999]);
    expect(backoffDelay(3, { baseMs: 100, capMs: 3_000, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, capMs: 3_000, random: () => 0 })).toBe(0);
  });

  it('stays within [0, cap) for any draw and any attempt, however large', () => {
    for (const attempt of [1, 10, 100, 10_000]) {
      for (const r of [0, 0.25, 0.5, 0.999]) {
        const delay = backoffDelay(attempt, { baseMs: 50, capMs: 1_000, random: () => r });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(1_000);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('defaults to base 100 ms and cap 10 s', () => {
    expect(backoffDelay(1, { random: () => 0.5 })).toBe(50);
    expect(backoffDelay(30, { random: () => 0.5 })).toBe(5_000);
  });
});
