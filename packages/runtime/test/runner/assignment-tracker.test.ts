import { topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { diffAssignment } from '../../src/index.js';
import { AssignmentTracker } from '../../src/runner/assignment-tracker.js';

const tp = (p: number) => topicPartition('t', p);

describe('diffAssignment', () => {
  it('splits partitions into assigned, revoked and retained, by value', () => {
    const change = diffAssignment([tp(0), tp(1)], [{ topic: 't', partition: 1 }, tp(2)]);
    expect(change.assigned).toEqual([tp(2)]);
    expect(change.revoked).toEqual([tp(0)]);
    expect(change.retained).toEqual([tp(1)]);
  });
});

describe('AssignmentTracker', () => {
  it('reports what to open and close, and forgets positions on close', () => {
    const t = new AssignmentTracker();
    t.setOwned([tp(0), tp(1)]);
    expect(t.pendingChange().assigned).toEqual([tp(0), tp(1)]);
    t.markOpened([tp(0), tp(1)]);
    t.setPosition(tp(0), 5n);
    t.setOwned([tp(1)]);
    expect(t.pendingChange().revoked).toEqual([tp(0)]);
    t.markClosed([tp(0)]);
    t.setOwned([tp(0), tp(1)]);
    t.markOpened([tp(0)]);
    expect(t.position(tp(0))).toBeNull();
  });

  it('after a loss closes everything open, even partitions owned again', () => {
    const t = new AssignmentTracker();
    t.setOwned([tp(0)]);
    t.markOpened([tp(0)]);
    t.markLost();
    t.setOwned([tp(0)]);
    expect(t.pendingChange()).toEqual({ assigned: [], revoked: [tp(0)], retained: [] });
    t.markClosed([tp(0)]);
    expect(t.lost).toBe(false);
    expect(t.pendingChange().assigned).toEqual([tp(0)]);
  });

  it('a loss with nothing open (a crash in the first join or sync) does not block later assignments', () => {
    const t = new AssignmentTracker();
    t.markLost();
    expect(t.lost).toBe(false);
    t.setOwned([tp(1), tp(3)]);
    expect(t.pendingChange()).toEqual({ assigned: [tp(1), tp(3)], revoked: [], retained: [] });
    // The same after an assignment that gave this member nothing.
    t.markOpened([tp(1), tp(3)]);
    t.setOwned([]);
    t.markClosed(t.pendingChange().revoked);
    t.markLost();
    t.setOwned([tp(2)]);
    expect(t.pendingChange().assigned).toEqual([tp(2)]);
  });
});
