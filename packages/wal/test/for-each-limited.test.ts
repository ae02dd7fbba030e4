import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../src/for-each-limited.js';

describe('forEachLimited', () => {
  it('never has more than `limit` calls in flight and visits every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      seen.push(n);
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('attempts every item before rejecting with the first failure', async () => {
    const done: number[] = [];
    const run = forEachLimited([1, 2, 3, 4], 2, async (n) => {
      if (n % 2 === 1) throw new Error(`fail ${n}`);
      done.push(n);
    });
    await expect(run).rejects.toThrow('fail 1');
    expect(done).toEqual([2, 4]);
  });

  it('refuses a limit below 1', async () => {
    await expect(forEachLimited([1], 0, async () => {})).rejects.toThrow(RangeError);
  });
});
