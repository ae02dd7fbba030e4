import { type TopicPartition, topicPartitionKey } from '@sinkkit/core';
import type { FetchedRecord } from '../kafka/kafka-port.js';

interface Chunk {
  readonly key: string;
  readonly records: readonly FetchedRecord[];
  start: number;
}

/**
 * Fetched records waiting for `put`, in arrival order (so per partition in offset order). The
 * runner bounds it by pausing fetches when {@link size} passes its limit.
 */
export class RecordBuffer {
  #chunks: Chunk[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(tp: TopicPartition, records: readonly FetchedRecord[]): void {
    if (records.length === 0) return;
    this.#chunks.push({ key: topicPartitionKey(tp), records, start: 0 });
    this.#size += records.length;
  }

  /** Removes and returns up to `max` records, oldest first. */
  take(max: number): FetchedRecord[] {
    const out: FetchedRecord[] = [];
    while (out.length < max && this.#chunks.length > 0) {
      const chunk = this.#chunks[0] as Chunk;
      const n = Math.min(max - out.length, chunk.records.length - chunk.start);
      for (let i = 0; i < n; i++) out.push(chunk.records[chunk.start + i] as FetchedRecord);
      chunk.start += n;
      if (chunk.start >= chunk.records.length) this.#chunks.shift();
    }
    this.#size -= out.length;
    return out;
  }

  /** Drops every buffered record of `tp` (after a seek or when the partition goes away). */
  purge(tp: TopicPartition): void {
    const key = topicPartitionKey(tp);
    this.#chunks = this.#chunks.filter((c) => {
      if (c.key !== key) return true;
      this.#size -= c.records.length - c.start;
      return false;
    });
  }

  /** Drops records of partitions `keep` rejects. */
  retain(keep: (tp: TopicPartition) => boolean): void {
    this.#chunks = this.#chunks.filter((c) => {
      const first = c.records[0] as FetchedRecord;
      if (keep({ topic: first.topic, partition: first.partition })) return true;
      this.#size -= c.records.length - c.start;
      return false;
    });
  }

  clear(): void {
    this.#chunks = [];
    this.#size = 0;
  }
}
