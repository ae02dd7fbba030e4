import { type TopicPartition, topicPartition, topicPartitionKey } from './topic-partition.js';

/**
 * A `Map` keyed by topic-partition *value*. A plain `Map<TopicPartition, V>` compares keys by
 * object identity, so two `{ topic, partition }` objects for the same partition would be two
 * entries; this map keys entries by {@link topicPartitionKey} instead.
 *
 * Iteration follows insertion order, like `Map`.
 */
export class TopicPartitionMap<V> implements Iterable<[TopicPartition, V]> {
  readonly #entries = new Map<string, [TopicPartition, V]>();

  constructor(entries?: Iterable<readonly [TopicPartition, V]>) {
    if (entries) for (const [tp, value] of entries) this.set(tp, value);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(tp: TopicPartition): V | undefined {
    return this.#entries.get(topicPartitionKey(tp))?.[1];
  }

  has(tp: TopicPartition): boolean {
    return this.#entries.has(topicPartitionKey(tp));
  }

  /** Stores `value` under a frozen copy of `tp`, so later changes to the caller's object do not move it. */
  set(tp: TopicPartition, value: V): this {
    const key = topicPartitionKey(tp);
    const existing = this.#entries.get(key);
    this.#entries.set(key, [existing?.[0] ?? topicPartition(tp.topic, tp.partition), value]);
    return this;
  }

  delete(tp: TopicPartition): boolean {
    return this.#entries.delete(topicPartitionKey(tp));
  }

  clear(): void {
    this.#entries.clear();
  }

  *keys(): IterableIterator<TopicPartition> {
    for (const [tp] of this.#entries.values()) yield tp;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.#entries.values()) yield value;
  }

  *entries(): IterableIterator<[TopicPartition, V]> {
    for (const [tp, value] of this.#entries.values()) yield [tp, value];
  }

  [Symbol.iterator](): IterableIterator<[TopicPartition, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, tp: TopicPartition) => void): void {
    for (const [tp, value] of this.#entries.values()) fn(value, tp);
  }

  /** Plain-object form keyed by `topic-partition`, for logs and JSON (bigints become strings). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, [, value]] of this.#entries) out[key] = jsonSafe(value);
    return out;
  }
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  ) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}
