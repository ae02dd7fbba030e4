import { type TopicPartition, topicPartitionKey } from '@sinkkit/core';
import type { FetchedRecord } from '../kafka/kafka-port.js';

interface Chunk {
  readonly key: string;
  readonly records: readonly FetchedRecord[];
  start: number;
  /** Payload bytes of `records[start..]`. */
  bytes: number;
}

/**
 * Fetched records waiting for `put`, in arrival order (so per partition in offset order), with
 * their count and payload bytes ({@link recordBytes}). The task loop bounds it: the consumer
 * waits for room (see `BufferRoom`) while either passes its limit.
 */
export class RecordBuffer {
  #chunks: Chunk[] = [];
  // Index of the oldest chunk still in #chunks: shifting a long array on every take would be O(n).
  #head = 0;
  #size = 0;
  #bytes = 0;

  /** Records held. */
  get size(): number {
    return this.#size;
  }

  /** Payload bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  push(tp: TopicPartition, records: readonly FetchedRecord[]): void {
    if (records.length === 0) return;
    let bytes = 0;
    for (let i = 0; i < records.length; i++) bytes += recordBytes(records[i] as FetchedRecord);
    this.#chunks.push({ key: topicPartitionKey(tp), records, start: 0, bytes });
    this.#size += records.length;
    this.#bytes += bytes;
  }

  /** Removes and returns up to `max` records, oldest first. */
  take(max: number): FetchedRecord[] {
    const out: FetchedRecord[] = [];
    while (out.length < max && this.#head < this.#chunks.length) {
      const chunk = this.#chunks[this.#head] as Chunk;
      const left = chunk.records.length - chunk.start;
      if (left <= max - out.length) {
        // The whole rest of the chunk: no per-record size needed.
        for (let i = chunk.start; i < chunk.records.length; i++) out.push(chunk.records[i] as FetchedRecord);
        this.#bytes -= chunk.bytes;
        this.#chunks[this.#head++] = EMPTY;
        continue;
      }
      const end = chunk.start + (max - out.length);
      for (let i = chunk.start; i < end; i++) {
        const r = chunk.records[i] as FetchedRecord;
        const b = recordBytes(r);
        chunk.bytes -= b;
        this.#bytes -= b;
        out.push(r);
      }
      chunk.start = end;
    }
    this.#size -= out.length;
    this.#compact();
    return out;
  }

  /** Drops every buffered record of `tp` (after a seek or when the partition goes away). */
  purge(tp: TopicPartition): void {
    const key = topicPartitionKey(tp);
    this.#drop((c) => c.key === key);
  }

  /** Drops records of partitions `keep` rejects. */
  retain(keep: (tp: TopicPartition) => boolean): void {
    this.#drop((c) => {
      const first = c.records[0] as FetchedRecord;
      return !keep({ topic: first.topic, partition: first.partition });
    });
  }

  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#size = 0;
    this.#bytes = 0;
  }

  #drop(matches: (chunk: Chunk) => boolean): void {
    const kept: Chunk[] = [];
    for (let i = this.#head; i < this.#chunks.length; i++) {
      const c = this.#chunks[i] as Chunk;
      if (!matches(c)) kept.push(c);
      else {
        this.#size -= c.records.length - c.start;
        this.#bytes -= c.bytes;
      }
    }
    this.#chunks = kept;
    this.#head = 0;
  }

  #compact(): void {
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
    } else if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }
}

const EMPTY: Chunk = { key: '', records: [], start: 0, bytes: 0 };

/** What a fetched record weighs in the buffer: key, value, header names and values. */
export function recordBytes(r: FetchedRecord): number {
  let bytes = (r.key?.length ?? 0) + (r.value?.length ?? 0);
  const headers = r.headers;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as readonly [string, Uint8Array | null];
    bytes += h[0].length + (h[1]?.length ?? 0);
  }
  return bytes;
}
