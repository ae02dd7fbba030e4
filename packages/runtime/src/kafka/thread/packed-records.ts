import { TimestampType, type TopicPartition, topicPartition } from '@sinkkit/core';
import type { FetchedRecord } from '../kafka-port.js';

// Fetched batches as one transferable buffer, so a consumer on a worker thread hands a whole
// fetch to the runtime's thread in one message instead of structured-cloning every record
// (hand-written: this is the runtime's own record shape, which no library packs). One buffer
// per message, not one per batch: each transferred buffer costs a message tens of microseconds.
//
// Layout, little-endian. u32 batch count; per batch: u32 topic length, the topic's UTF-8, u32
// partition, u32 seek generation, u32 record count; then per record: i64 offset, f64 timestamp
// (NaN: none), u8 timestamp type, i32 key length (-1: null), i32 value length (-1: null), u32
// header count, the key's bytes, the value's bytes; then per header: u32 name length, the
// name's UTF-8, i32 value length (-1: null), the value's bytes.

/** One partition's fetched records, with the partition's seek generation when they were taken. */
export interface FetchedBatch {
  readonly tp: TopicPartition;
  readonly generation: number;
  readonly records: readonly FetchedRecord[];
}

const FIXED = 29;
const TYPES: readonly TimestampType[] = [
  TimestampType.NoTimestampType,
  TimestampType.CreateTime,
  TimestampType.LogAppendTime,
];
const NO_HEADERS: FetchedRecord['headers'] = Object.freeze([]);

/** Packs `batches` into a new buffer of exactly their size, ready to transfer. */
export function packBatches(batches: readonly FetchedBatch[]): ArrayBuffer {
  let size = 4;
  for (const { tp, records } of batches) {
    size += 16 + Buffer.byteLength(tp.topic);
    for (const r of records) {
      size += FIXED + (r.key?.length ?? 0) + (r.value?.length ?? 0);
      for (const [name, value] of r.headers) size += 8 + Buffer.byteLength(name) + (value?.length ?? 0);
    }
  }
  // Not from Buffer's shared pool, so its ArrayBuffer is its own and can be transferred.
  const bytes = Buffer.allocUnsafeSlow(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  view.setUint32(0, batches.length, true);
  let at = 4;
  for (const { tp, generation, records } of batches) {
    const length = bytes.write(tp.topic, at + 4, 'utf8');
    view.setUint32(at, length, true);
    at += 4 + length;
    view.setUint32(at, tp.partition, true);
    view.setUint32(at + 4, generation, true);
    view.setUint32(at + 8, records.length, true);
    at = packRecords(records, bytes, view, at + 12);
  }
  return bytes.buffer as ArrayBuffer;
}

function packRecords(records: readonly FetchedRecord[], bytes: Buffer, view: DataView, start: number): number {
  let at = start;
  for (const r of records) {
    view.setBigInt64(at, r.offset, true);
    view.setFloat64(at + 8, r.timestamp ?? Number.NaN, true);
    view.setUint8(at + 16, TYPES.indexOf(r.timestampType));
    view.setInt32(at + 17, r.key === null ? -1 : r.key.length, true);
    view.setInt32(at + 21, r.value === null ? -1 : r.value.length, true);
    view.setUint32(at + 25, r.headers.length, true);
    at += FIXED;
    at = putBytes(bytes, at, r.key);
    at = putBytes(bytes, at, r.value);
    for (const [name, value] of r.headers) {
      const length = bytes.write(name, at + 4, 'utf8');
      view.setUint32(at, length, true);
      at += 4 + length;
      view.setInt32(at, value === null ? -1 : value.length, true);
      at = putBytes(bytes, at + 4, value);
    }
  }
  return at;
}

/**
 * The batches {@link packBatches} packed, in order. Keys, values and header values are `Buffer`
 * views into `buffer`, as the Kafka client's own records are.
 */
export function unpackBatches(buffer: ArrayBuffer): FetchedBatch[] {
  const view = new DataView(buffer);
  const out = new Array<FetchedBatch>(view.getUint32(0, true));
  let at = 4;
  for (let b = 0; b < out.length; b++) {
    const length = view.getUint32(at, true);
    const topic = Buffer.from(buffer, at + 4, length).toString('utf8');
    at += 4 + length;
    const tp = topicPartition(topic, view.getUint32(at, true));
    const generation = view.getUint32(at + 4, true);
    const records = new Array<FetchedRecord>(view.getUint32(at + 8, true));
    at = unpackRecords(tp, buffer, view, at + 12, records);
    out[b] = { tp, generation, records };
  }
  return out;
}

function unpackRecords(
  tp: TopicPartition,
  buffer: ArrayBuffer,
  view: DataView,
  start: number,
  out: FetchedRecord[],
): number {
  const { topic, partition } = tp;
  let at = start;
  for (let i = 0; i < out.length; i++) {
    const offset = view.getBigInt64(at, true);
    const timestamp = view.getFloat64(at + 8, true);
    const timestampType = TYPES[view.getUint8(at + 16)] ?? TimestampType.NoTimestampType;
    const keyLength = view.getInt32(at + 17, true);
    const valueLength = view.getInt32(at + 21, true);
    const headerCount = view.getUint32(at + 25, true);
    at += FIXED;
    const key = keyLength < 0 ? null : Buffer.from(buffer, at, keyLength);
    if (keyLength > 0) at += keyLength;
    const value = valueLength < 0 ? null : Buffer.from(buffer, at, valueLength);
    if (valueLength > 0) at += valueLength;
    let headers = NO_HEADERS;
    if (headerCount > 0) {
      const list: [string, Uint8Array | null][] = [];
      for (let h = 0; h < headerCount; h++) {
        const nameLength = view.getUint32(at, true);
        const name = Buffer.from(buffer, at + 4, nameLength).toString('utf8');
        at += 4 + nameLength;
        const length = view.getInt32(at, true);
        at += 4;
        list.push([name, length < 0 ? null : Buffer.from(buffer, at, length)]);
        if (length > 0) at += length;
      }
      headers = list;
    }
    out[i] = {
      topic,
      partition,
      offset,
      key,
      value,
      timestamp: Number.isNaN(timestamp) ? null : timestamp,
      timestampType,
      headers,
    };
  }
  return at;
}

function putBytes(target: Buffer, at: number, bytes: Uint8Array | null): number {
  if (bytes === null) return at;
  target.set(bytes, at);
  return at + bytes.length;
}
