import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/index.js';

describe('parseDuration', () => {
  it.each([
    ['5000', 5_000],
    ['-1', -1],
    ['0', 0],
    ['250ms', 250],
    ['10s', 10_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    [' 10 S ', 10_000],
    ['0.1s', 100],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '10 sec', '1h30m', 'PT10S', '1.5', '1.5ms', '0.0001s', 's', '1e3'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
