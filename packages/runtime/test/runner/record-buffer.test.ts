import { TimestampType, topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import type { FetchedRecord } from '../../src/kafka/kafka-port.js';
import { BufferRoom } from '../../src/runner/buffer-room.js';
import { RecordBuffer, recordBytes } from '../../src/runner/record-buffer.js';

const tp = (p: number) => topicPartition('t', p);

function records(partition: number, from: number, count: number, valueBytes = 10): FetchedRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: 't',
    partition,
    offset: BigInt(from + i),
    key: null,
    value: new Uint8Array(valueBytes),
    timestamp: null,
    timestampType: TimestampType.NoTimestampType,
    headers: [],
  }));
}

const ids = (rs: readonly FetchedRecord[]) => rs.map((r) => `${r.partition}@${r.offset}`);

describe('RecordBuffer', () => {
  it('hands records out oldest first across chunks, counting records and bytes', () => {
    const b = new RecordBuffer();
    b.push(tp(0), records(0, 0, 3));
    b.push(tp(1), records(1, 0, 2, 5));
    b.push(tp(0), records(0, 3, 2));
    expect([b.size, b.bytes]).toEqual([7, 60]);
    expect(ids(b.take(2))).toEqual(['0@0', '0@1']);
    expect([b.size, b.bytes]).toEqual([5, 40]);
    expect(ids(b.take(3))).toEqual(['0@2', '1@0', '1@1']);
    expect([b.size, b.bytes]).toEqual([2, 20]);
    expect(ids(b.take(10))).toEqual(['0@3', '0@4']);
    expect([b.size, b.bytes]).toEqual([0, 0]);
    expect(b.take(10)).toEqual([]);
  });

  it('purges one partition and retains by predicate, keeping the counts exact', () => {
    const b = new RecordBuffer();
    b.push(tp(0), records(0, 0, 4));
    b.push(tp(1), records(1, 0, 4));
    b.push(tp(2), records(2, 0, 4));
    b.take(1); // part of the first chunk is gone already
    b.purge(tp(0));
    expect([b.size, b.bytes]).toEqual([8, 80]);
    b.retain((p) => p.partition !== 1);
    expect([b.size, b.bytes]).toEqual([4, 40]);
    expect(ids(b.take(10))).toEqual(['2@0', '2@1', '2@2', '2@3']);
  });

  it('stays in order over many chunks taken a few records at a time', () => {
    const b = new RecordBuffer();
    for (let i = 0; i < 200; i++) b.push(tp(i % 3), records(i % 3, i, 3));
    const seen: string[] = [];
    for (let batch = b.take(7); batch.length > 0; batch = b.take(7)) seen.push(...ids(batch));
    expect(seen).toHaveLength(600);
    expect(seen.slice(0, 4)).toEqual(['0@0', '0@1', '0@2', '1@1']);
    expect([b.size, b.bytes]).toEqual([0, 0]);
  });

  it('weighs a record by key, value, header names and header values', () => {
    const [r] = records(0, 0, 1, 7) as [FetchedRecord];
    const weighed = {
      ...r,
      key: new Uint8Array(3),
      headers: [['ab', new Uint8Array(4)] as const, ['c', null] as const],
    };
    expect(recordBytes(weighed)).toBe(3 + 7 + 2 + 4 + 1);
  });
});

describe('BufferRoom', () => {
  it('makes the consumer wait at the record limit until the loop takes records', async () => {
    const b = new RecordBuffer();
    const room = new BufferRoom(b, { maxRecords: 5, maxBytes: 1_000 });
    b.push(tp(0), records(0, 0, 4));
    expect(room.whenFull()).toBeUndefined();
    b.push(tp(0), records(0, 4, 3));
    const wait = room.whenFull();
    expect(wait).toBeInstanceOf(Promise);
    let released = false;
    void wait?.then(() => {
      released = true;
    });
    b.take(1);
    room.changed();
    await Promise.resolve();
    expect(released).toBe(false); // 6 records: still at the limit
    b.take(2);
    room.changed();
    await wait;
    expect(released).toBe(true);
  });

  it('makes the consumer wait at the byte limit, and never again once opened for good', async () => {
    const b = new RecordBuffer();
    const room = new BufferRoom(b, { maxRecords: 1_000, maxBytes: 100 });
    b.push(tp(0), records(0, 0, 2, 60));
    const wait = room.whenFull();
    expect(wait).toBeInstanceOf(Promise);
    room.openForGood();
    await wait;
    b.push(tp(0), records(0, 2, 100, 60));
    expect(room.whenFull()).toBeUndefined();
  });
});
