import { TimestampType, topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import type { FetchedRecord } from '../../../src/kafka/kafka-port.js';
import { type FetchedBatch, packBatches, unpackBatches } from '../../../src/kafka/thread/packed-records.js';

function record(
  tp: { topic: string; partition: number },
  offset: bigint,
  init: Partial<FetchedRecord> = {},
): FetchedRecord {
  return {
    ...tp,
    offset,
    key: null,
    value: null,
    timestamp: null,
    timestampType: TimestampType.NoTimestampType,
    headers: [],
    ...init,
  };
}

// Compares bytes as plain arrays, so a Buffer view and the Buffer it copies compare equal.
function plain(batches: readonly FetchedBatch[]) {
  const bytes = (b: Uint8Array | null) => (b === null ? null : [...b]);
  return batches.map(({ tp, generation, records }) => ({
    tp: { ...tp },
    generation,
    records: records.map((r) => ({
      ...r,
      key: bytes(r.key),
      value: bytes(r.value),
      headers: r.headers.map(([name, value]) => [name, bytes(value)]),
    })),
  }));
}

describe('packBatches / unpackBatches', () => {
  it('round-trips batches of several topics with every field, null and empty bytes, and headers', () => {
    const a = topicPartition('orders', 3);
    const b = topicPartition('événements', 0);
    const batches: FetchedBatch[] = [
      {
        tp: a,
        generation: 2,
        records: [
          record(a, 0n, {
            key: Buffer.from('k0'),
            value: Buffer.from('{"id":0}'),
            timestamp: 1_700_000_000_123,
            timestampType: TimestampType.CreateTime,
            headers: [
              ['trace', Buffer.from('abc')],
              ['trace', null],
              ['ünïcode', new Uint8Array(0)],
            ],
          }),
          record(a, 2n ** 62n, { value: new Uint8Array(0), timestamp: 0, timestampType: TimestampType.LogAppendTime }),
          record(a, 9_007_199_254_740_993n, { key: new Uint8Array([0, 255, 7]) }),
        ],
      },
      { tp: b, generation: 0, records: [] },
      { tp: b, generation: 4_000_000_000, records: [record(b, 41n, { value: Buffer.from([1, 2, 3]) })] },
    ];
    const unpacked = unpackBatches(packBatches(batches));
    expect(plain(unpacked)).toEqual(plain(batches));
    expect(Buffer.isBuffer(unpacked[0]?.records[0]?.value)).toBe(true);
  });

  it('packs no batches into a buffer that unpacks to none', () => {
    expect(unpackBatches(packBatches([]))).toEqual([]);
  });

  it('packs into a buffer of its own, so it can be transferred without detaching anything else', () => {
    const tp = topicPartition('t', 0);
    const buffer = packBatches([{ tp, generation: 0, records: [record(tp, 1n, { value: Buffer.from('x') })] }]);
    const copy = structuredClone(buffer, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
    expect(unpackBatches(copy)[0]?.records[0]?.value?.toString()).toBe('x');
  });
});
