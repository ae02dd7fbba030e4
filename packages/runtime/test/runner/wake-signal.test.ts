import { ManualClock } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { WakeSignal } from '../../src/runner/wake-signal.js';

describe('WakeSignal', () => {
  it('wakes on notify, on a notify that came before the wait, and at the deadline', async () => {
    const clock = new ManualClock(1_000);
    const wake = new WakeSignal(clock);
    let woken = false;
    const first = wake.waitUntil(5_000).then(() => {
      woken = true;
    });
    await Promise.resolve();
    expect(woken).toBe(false);
    wake.notify();
    await first;

    wake.notify();
    await wake.waitUntil(5_000); // resolves at once: the notify came first

    const timed = wake.waitUntil(5_000);
    await clock.advance(4_000);
    await timed;
    wake.dispose();
    expect(clock.pending).toBe(0);
  });

  it('serves repeated waits for one deadline with one timer, and disposes of it', async () => {
    const clock = new ManualClock(0);
    const wake = new WakeSignal(clock);
    for (let i = 0; i < 5; i++) {
      const w = wake.waitUntil(60_000);
      wake.notify();
      await w;
    }
    expect(clock.pending).toBe(1);
    const w = wake.wait(100); // another deadline replaces the timer
    expect(clock.pending).toBe(1);
    await clock.advance(100);
    await w;
    wake.dispose();
    expect(clock.pending).toBe(0);
  });
});
