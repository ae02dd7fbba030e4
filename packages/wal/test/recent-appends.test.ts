import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../src/index.js';
import { RecentAppends } from '../src/recent-appends.js';

const entry = (seq: number): LedgerEntry => ({
  seq,
  writerId: 'w',
  createdAt: '2026-01-01T00:00:00.000Z',
  nextOffset: BigInt(seq),
  skipped: 0,
  files: [],
});

describe('RecentAppends', () => {
  it('hands out the listing of the last append once, and keeps only entries that listing shows', () => {
    const recent = new RecentAppends();
    recent.appended('f/', entry(1), [1]);
    recent.appended('f/', entry(2), [1, 2]);
    recent.appended('f/', entry(3), [2, 3]); // 1 was trimmed by someone else
    expect(recent.takeListing('f/')).toEqual([2, 3]);
    expect(recent.takeListing('f/')).toBeUndefined();
    expect([1, 2, 3].map((seq) => recent.entry('f/', seq)?.seq)).toEqual([undefined, 2, 3]);
    expect(recent.entry('g/', 2)).toBeUndefined();
  });

  it('forgets deleted entries, and a log once nothing of it is left', () => {
    const recent = new RecentAppends();
    recent.appended('f/', entry(1), [1]);
    recent.takeListing('f/');
    recent.deleted('f/', [1]);
    expect(recent.entry('f/', 1)).toBeUndefined();
    recent.deleted('unknown/', [1]);
  });
});
