import { TimestampType } from '@sinkkit/core';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { FetchedRecord } from './kafka-port.js';

const NO_HEADERS: FetchedRecord['headers'] = Object.freeze([]);

/**
 * kafkajs's messages of one batch as the runtime's records. The hot path: one plain object per
 * record, no per-record closure or array for absent headers.
 */
export function toFetchedRecords(topic: string, partition: number, messages: readonly KafkaMessage[]): FetchedRecord[] {
  const out = new Array<FetchedRecord>(messages.length);
  // Neighbouring records mostly share their timestamp (one per producer batch with LogAppendTime,
  // or many records per millisecond): comparing its 13 digits costs a tenth of parsing them.
  let lastText: string | undefined;
  let ts: number | null = null;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as KafkaMessage;
    if (m.timestamp !== lastText) {
      lastText = m.timestamp;
      ts = parseTimestamp(lastText);
    }
    out[i] = {
      topic,
      partition,
      offset: toOffset(m.offset),
      key: m.key ?? null,
      value: m.value ?? null,
      timestamp: ts,
      timestampType: ts === null ? TimestampType.NoTimestampType : TimestampType.CreateTime,
      headers: toHeaders(m.headers),
    };
  }
  return out;
}

/** A message's timestamp in epoch milliseconds, or `null` when it has none (kafkajs gives `-1`). */
export function parseTimestamp(text: string): number | null {
  const ts = Number(text);
  return ts >= 0 && Number.isFinite(ts) ? ts : null;
}

/**
 * kafkajs's headers flattened into name/value pairs, a name repeated for each of its values;
 * `undefined` when there are none.
 */
export function headerPairs(headers: IHeaders | undefined): [string, Buffer | string | null][] | undefined {
  let out: [string, Buffer | string | null][] | undefined;
  for (const name in headers) {
    const raw = headers[name];
    out ??= [];
    for (const value of Array.isArray(raw) ? raw : [raw]) out.push([name, value ?? null]);
  }
  return out;
}

// BigInt(string) costs several times Number(string) + BigInt(number); exact for offsets below 2^53.
function toOffset(text: string): bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? BigInt(n) : BigInt(text);
}

function toHeaders(headers: IHeaders | undefined): FetchedRecord['headers'] {
  const pairs = headerPairs(headers);
  if (pairs === undefined) return NO_HEADERS;
  return pairs.map(([name, value]) => [name, value === null ? null : Buffer.from(value)]);
}
