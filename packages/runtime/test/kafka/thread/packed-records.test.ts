import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { FetchedRecord } from '../../../src/kafka/kafka-port.js';
import { toFetchedRecords } from '../../../src/kafka/kafkajs-records.js';
import { type MessageBatch, packBatches, unpackBatches } from '../../../src/kafka/thread/packed-records.js';

// A message in the record-batch format (kafkajs' KafkaMessage is a union of the two formats).
type RecordBatchMessage = Extract<KafkaMessage, { size?: undefined }>;

function message(offset: string, init: Partial<RecordBatchMessage> = {}): KafkaMessage {
  return { offset, key: null, value: null, timestamp: '-1', attributes: 0, headers: {}, ...init };
}

// Compares bytes as plain arrays, so a Buffer view and the Buffer it copies compare equal.
function plain(records: readonly FetchedRecord[]) {
  const bytes = (b: Uint8Array | null) => (b === null ? null : [...b]);
  return records.map((r) => ({
    ...r,
    key: bytes(r.key),
    value: bytes(r.value),
    headers: r.headers.map(([name, value]) => [name, bytes(value)]),
  }));
}

describe('packBatches / unpackBatches', () => {
  it('unpacks kafkajs batches of several topics into the records toFetchedRecords makes of them', () => {
    const batches: MessageBatch[] = [
      {
        topic: 'orders',
        partition: 3,
        generation: 2,
        messages: [
          message('0', {
            key: Buffer.from('k0'),
            value: Buffer.from('{"id":0}'),
            timestamp: '1700000000123',
            headers: { trace: [Buffer.from('abc'), 'dé'], ünïcode: Buffer.alloc(0), gone: undefined },
          }),
          message(String(2n ** 62n), { value: Buffer.alloc(0), timestamp: '0' }),
          message('9007199254740993', { key: Buffer.from([0, 255, 7]), timestamp: '0' }),
          message('4294967296', { value: Buffer.from('x'), timestamp: '1700000000124' }),
        ],
      },
      { topic: 'événements', partition: 0, generation: 0, messages: [] },
      {
        topic: 'événements',
        partition: 0,
        generation: 4_000_000_000,
        messages: [message('41', { value: Buffer.from([1, 2, 3]) })],
      },
    ];
    const unpacked = unpackBatches(packBatches(batches));
    expect(unpacked.map(({ tp, generation }) => ({ ...tp, generation }))).toEqual(
      batches.map(({ topic, partition, generation }) => ({ topic, partition, generation })),
    );
    unpacked.forEach(({ records }, i) => {
      const { topic, partition, messages } = batches[i] as MessageBatch;
      expect(plain(records)).toEqual(plain(toFetchedRecords(topic, partition, messages)));
    });
    const first = unpacked[0]?.records[0];
    expect(first?.offset).toBe(0n);
    expect(unpacked[0]?.records[2]?.offset).toBe(9_007_199_254_740_993n);
    expect(first?.headers.map(([name, value]) => [name, value && Buffer.from(value).toString()])).toEqual([
      ['trace', 'abc'],
      ['trace', 'dé'],
      ['ünïcode', ''],
      ['gone', null],
    ]);
    expect(Buffer.isBuffer(first?.value)).toBe(true);
  });

  it('packs no batches into a buffer that unpacks to none', () => {
    expect(unpackBatches(packBatches([]))).toEqual([]);
  });

  it('packs into a buffer of its own, so it can be transferred without detaching anything else', () => {
    const buffer = packBatches([
      { topic: 't', partition: 0, generation: 0, messages: [message('1', { value: Buffer.from('x') })] },
    ]);
    const copy = structuredClone(buffer, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
    expect(unpackBatches(copy)[0]?.records[0]).toMatchObject({ offset: 1n, value: Buffer.from('x') });
  });
});
