import { type TopicPartition, TopicPartitionMap } from '@sinkkit/core';

/** How the task's partitions must change to match what the consumer owns. */
export interface AssignmentChange {
  /** Owned but not open: `open()` them. */
  readonly assigned: TopicPartition[];
  /** Open but not owned (or lost): `close()` them. */
  readonly revoked: TopicPartition[];
  /** Open and still owned. */
  readonly retained: TopicPartition[];
}

/** The partitions in `after` but not `before` (assigned), the reverse (revoked), and both. */
export function diffAssignment(before: Iterable<TopicPartition>, after: Iterable<TopicPartition>): AssignmentChange {
  const old = new TopicPartitionMap<true>([...before].map((tp) => [tp, true] as const));
  const now = new TopicPartitionMap<true>([...after].map((tp) => [tp, true] as const));
  return {
    assigned: [...now.keys()].filter((tp) => !old.has(tp)),
    revoked: [...old.keys()].filter((tp) => !now.has(tp)),
    retained: [...now.keys()].filter((tp) => old.has(tp)),
  };
}

/**
 * Two views of the assignment: what the consumer owns right now (changed synchronously by
 * group events) and what the task has open (changed only once `open`/`close` returned). The
 * runner reconciles the second with the first between task calls; records are delivered only
 * for open partitions, at or past their position.
 */
export class AssignmentTracker {
  #owned = new TopicPartitionMap<true>();
  // Per open partition: the next offset to deliver, once known (after a put or a seek).
  #open = new TopicPartitionMap<bigint | null>();
  #lost = false;
  // The task loop asks for pending changes on every turn: remember that there are none until
  // the assignment or the open set changes again.
  #settled = false;

  /** The consumer now owns exactly `partitions`. */
  setOwned(partitions: readonly TopicPartition[]): void {
    this.#owned = new TopicPartitionMap(partitions.map((tp) => [tp, true] as const));
    this.#settled = false;
  }

  /** The consumer lost its membership: every open partition must be closed, even if owned again later. */
  markLost(): void {
    this.#owned.clear();
    // Only closing the open partitions clears the flag: a loss with none open (a crash in the
    // first join or sync) must not set it, or every later assignment would be ignored for good.
    if (this.#open.size > 0) this.#lost = true;
    this.#settled = false;
  }

  get lost(): boolean {
    return this.#lost;
  }

  owns(tp: TopicPartition): boolean {
    return this.#owned.has(tp);
  }

  owned(): TopicPartition[] {
    return [...this.#owned.keys()];
  }

  isOpen(tp: TopicPartition): boolean {
    return this.#open.has(tp);
  }

  openPartitions(): TopicPartition[] {
    return [...this.#open.keys()];
  }

  /** Whether {@link pendingChange} may have something to do (cheap: the loop asks on every turn). */
  get changePending(): boolean {
    return this.#lost || !this.#settled;
  }

  /** What the runner must do next; after a loss everything open counts as revoked. */
  pendingChange(): AssignmentChange {
    if (this.#lost) return { assigned: [], revoked: this.openPartitions(), retained: [] };
    if (this.#settled) return { assigned: [], revoked: [], retained: this.openPartitions() };
    const change = diffAssignment(this.#open.keys(), this.#owned.keys());
    this.#settled = change.assigned.length === 0 && change.revoked.length === 0;
    return change;
  }

  markOpened(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.#open.set(tp, null);
    this.#settled = false;
  }

  markClosed(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.#open.delete(tp);
    if (this.#open.size === 0) this.#lost = false;
    this.#settled = false;
  }

  /** Next offset to deliver for an open partition; `null` when not known yet. */
  position(tp: TopicPartition): bigint | null {
    return this.#open.get(tp) ?? null;
  }

  setPosition(tp: TopicPartition, offset: bigint): void {
    if (this.#open.has(tp)) this.#open.set(tp, offset);
  }
}
