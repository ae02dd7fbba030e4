import { TimestampType, type TopicPartition, topicPartition } from '@sinkkit/core';
import type { KafkaMessage } from 'kafkajs';
import type { FetchedRecord } from '../kafka-port.js';
import { headerPairs, parseTimestamp } from '../kafkajs-records.js';

// Fetched batches as one transferable buffer, so a consumer on a worker thread hands a whole
// fetch to the runtime's thread in one message instead of structured-cloning every record
// (hand-written: this is the runtime's own record shape, which no library packs). One buffer
// per message, not one per batch: each transferred buffer costs a message tens of microseconds.
//
// Layout, little-endian. u32 batch count; per batch: u32 topic length, the topic's UTF-8, u32
// partition, u32 seek generation, u32 record count; then per record: i64 offset, f64 timestamp
// (NaN: none), i32 key length (-1: null), i32 value length (-1: null), u32 header count, the
// key's bytes, the value's bytes; then per header: u32 name length, the name's UTF-8, i32 value
// length (-1: null), the value's bytes.

/** One partition's fetched records, with the partition's seek generation when they were taken. */
export interface FetchedBatch {
  readonly tp: TopicPartition;
  readonly generation: number;
  readonly records: readonly FetchedRecord[];
}

/** One partition's batch as kafkajs hands it over, with the partition's seek generation. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  readonly generation: number;
  readonly messages: readonly KafkaMessage[];
}

const FIXED = 28;
const NO_HEADERS: FetchedRecord['headers'] = Object.freeze([]);
// For messages without headers, so the packing loops allocate no empty array per message.
const NO_PAIRS: readonly [string, Buffer | string | null][] = Object.freeze([]);
const TWO_32 = 2 ** 32;

/**
 * Packs kafkajs's batches into a new buffer of exactly their size, ready to transfer; unpacked,
 * they are the records `toFetchedRecords` makes of them. Straight from kafkajs's messages, so
 * the thread that packs builds no record object per message.
 */
export function packBatches(batches: readonly MessageBatch[]): ArrayBuffer {
  let size = 4;
  for (const { topic, messages } of batches) {
    size += 16 + Buffer.byteLength(topic);
    for (const m of messages) {
      size += FIXED + (m.key?.length ?? 0) + (m.value?.length ?? 0);
      for (const [name, value] of headerPairs(m.headers) ?? NO_PAIRS)
        size += 8 + Buffer.byteLength(name) + byteLength(value);
    }
  }
  // Not from Buffer's shared pool, so its ArrayBuffer is its own and can be transferred.
  const bytes = Buffer.allocUnsafeSlow(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  view.setUint32(0, batches.length, true);
  let at = 4;
  for (const { topic, partition, generation, messages } of batches) {
    const length = bytes.write(topic, at + 4, 'utf8');
    view.setUint32(at, length, true);
    at += 4 + length;
    view.setUint32(at, partition, true);
    view.setUint32(at + 4, generation, true);
    view.setUint32(at + 8, messages.length, true);
    at = packMessages(messages, bytes, view, at + 12);
  }
  return bytes.buffer as ArrayBuffer;
}

function packMessages(messages: readonly KafkaMessage[], bytes: Buffer, view: DataView, start: number): number {
  let at = start;
  // As in toFetchedRecords: neighbouring records mostly share their timestamp.
  let lastText: string | undefined;
  let ts: number | null = null;
  for (const m of messages) {
    if (m.timestamp !== lastText) {
      lastText = m.timestamp;
      ts = parseTimestamp(lastText);
    }
    putOffset(view, at, m.offset);
    view.setFloat64(at + 8, ts ?? Number.NaN, true);
    view.setInt32(at + 16, m.key == null ? -1 : m.key.length, true);
    view.setInt32(at + 20, m.value == null ? -1 : m.value.length, true);
    const headers = headerPairs(m.headers) ?? NO_PAIRS;
    view.setUint32(at + 24, headers.length, true);
    at += FIXED;
    at = putBytes(bytes, at, m.key);
    at = putBytes(bytes, at, m.value);
    for (const [name, value] of headers) {
      const length = bytes.write(name, at + 4, 'utf8');
      view.setUint32(at, length, true);
      at += 4 + length;
      if (typeof value === 'string') {
        const written = bytes.write(value, at + 4, 'utf8');
        view.setInt32(at, written, true);
        at += 4 + written;
      } else {
        view.setInt32(at, value === null ? -1 : value.length, true);
        at = putBytes(bytes, at + 4, value);
      }
    }
  }
  return at;
}

// kafkajs gives offsets as decimal text: below 2^53 (every real offset) they are written as two
// 32-bit halves without allocating a BigInt each.
function putOffset(view: DataView, at: number, text: string): void {
  const n = Number(text);
  if (Number.isSafeInteger(n) && n >= 0) {
    view.setUint32(at, n % TWO_32, true);
    view.setUint32(at + 4, Math.floor(n / TWO_32), true);
  } else {
    view.setBigInt64(at, BigInt(text), true);
  }
}

function byteLength(value: Buffer | string | null): number {
  if (value === null) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
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
    const hasTimestamp = !Number.isNaN(timestamp);
    const keyLength = view.getInt32(at + 16, true);
    const valueLength = view.getInt32(at + 20, true);
    const headerCount = view.getUint32(at + 24, true);
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
      timestamp: hasTimestamp ? timestamp : null,
      // As in toFetchedRecords: kafkajs reports no timestamp type.
      timestampType: hasTimestamp ? TimestampType.CreateTime : TimestampType.NoTimestampType,
      headers,
    };
  }
  return at;
}

function putBytes(target: Buffer, at: number, bytes: Uint8Array | null | undefined): number {
  if (bytes == null) return at;
  target.set(bytes, at);
  return at + bytes.length;
}
