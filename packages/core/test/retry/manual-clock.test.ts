import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';

describe('ManualClock', () => {
  it('stands still until advanced', async () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('wakes sleepers in due order, ties in sleep order, each seeing its own due time', async () => {
    const clock = new ManualClock();
    const woke: string[] = [];
    const sleep = (name: string, ms: number) => clock.sleep(ms).then(() => woke.push(`${name}@${clock.now()}`));
    const all = [sleep('c', 300), sleep('a', 100), sleep('b1', 200), sleep('b2', 200), sleep('late', 1_000)];
    expect(clock.pending).toBe(5);
    await clock.advance(500);
    expect(woke).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300']);
    expect(clock.now()).toBe(500);
    expect(clock.pending).toBe(1);
    await clock.advance(500);
    await Promise.all(all);
    expect(woke.at(-1)).toBe('late@1000');
  });

  it('wakes code that sleeps again within the same advance', async () => {
    const clock = new ManualClock();
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        ticks.push(clock.now());
      }
    })();
    await clock.advance(1_000);
    await loop;
    expect(ticks).toEqual([100, 200, 300]);
  });

  it('resolves non-positive sleeps at once and does not wake sleepers early', async () => {
    const clock = new ManualClock();
    await clock.sleep(0);
    let woke = false;
    void clock.sleep(100).then(() => {
      woke = true;
    });
    await clock.advance(99);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
  });

  it('rejects a sleeper whose signal aborts, and removes it', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
    const aborted = AbortSignal.abort(new Error('already'));
    await expect(clock.sleep(10, aborted)).rejects.toThrow('already');
  });

  it('refuses to go backwards', async () => {
    await expect(new ManualClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
