import { topicPartition } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../src/entry-codec.js';
import { CorruptEntryError, type WalEntry, WalErrorCode } from '../src/index.js';
import { paperFile } from './support/fixtures.js';

const tp = topicPartition('orders', 3);
const KEY = '_sinkkit/wal/orders/3/00000000000000000007.json';
const entry: WalEntry = {
  seq: 7,
  topic: 'orders',
  partition: 3,
  writerId: 'task-0/host-a/42',
  createdAt: '2025-01-02T03:04:05.006Z',
  nextOffset: 9_007_199_254_741_100n,
  files: [
    paperFile(
      'topics/orders/region=eu/orders+3+09007199254740993.json',
      9_007_199_254_740_993n,
      9_007_199_254_741_050n,
    ),
    paperFile(
      'topics/orders/region=us/orders+3+09007199254740995.json',
      9_007_199_254_740_995n,
      9_007_199_254_741_099n,
    ),
  ],
  skipped: 0,
};
const json = () => JSON.parse(new TextDecoder().decode(encodeEntry(entry)));
const bytesOf = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc));

function corruptReason(bytes: Uint8Array): string {
  try {
    decodeEntry(bytes, KEY, tp, 7);
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptEntryError);
    const e = error as CorruptEntryError;
    expect(e).toMatchObject({ code: WalErrorCode.CORRUPT_ENTRY, retriable: false, key: KEY });
    expect(e.message).toContain(KEY);
    return e.message;
  }
  throw new Error('decodeEntry accepted a corrupt entry');
}

describe('entry codec', () => {
  it('round-trips the skipped count, and reads an entry without it as 0', () => {
    const skipping = { ...entry, skipped: 12 };
    expect(decodeEntry(encodeEntry(skipping), KEY, tp, 7)).toEqual(skipping);
    expect(json()).not.toHaveProperty('skipped');
  });

  it('round-trips an entry, offsets above 2^53 exactly', () => {
    const decoded = decodeEntry(encodeEntry(entry), KEY, tp, 7);
    expect(decoded).toEqual(entry);
    expect(decoded.files[0]?.startOffset).toBe(9_007_199_254_740_993n); // 2^53 + 1: a double would read ...992
  });

  it('stores the documented versioned JSON, bigints as decimal strings', () => {
    expect(json()).toMatchObject({
      format: 'sinkkit-wal',
      version: 1,
      seq: 7,
      topic: 'orders',
      partition: 3,
      writerId: 'task-0/host-a/42',
      nextOffset: '9007199254741100',
      files: [{ startOffset: '9007199254740993', endOffset: '9007199254741050', recordCount: 58, size: 10 }, {}],
      checksum: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
  });

  it('round-trips a claim of an empty log (no files, no nextOffset) as nextOffset null', () => {
    const claim = { ...entry, files: [], nextOffset: undefined };
    expect(JSON.parse(new TextDecoder().decode(encodeEntry(claim))).nextOffset).toBeNull();
    expect(decodeEntry(encodeEntry(claim), KEY, tp, 7)).toEqual(claim);
  });

  it('accepts the fields in any order (the checksum covers content, not layout)', () => {
    const reordered = Object.fromEntries(Object.entries(json()).reverse());
    expect(decodeEntry(bytesOf(reordered), KEY, tp, 7)).toEqual(entry);
  });

  it('refuses bytes that are not JSON, e.g. a truncated write', () => {
    const bytes = encodeEntry(entry);
    expect(corruptReason(bytes.subarray(0, bytes.length - 10))).toMatch(/not UTF-8 JSON/);
    expect(corruptReason(new Uint8Array([0xff, 0xfe]))).toMatch(/not UTF-8 JSON/);
  });

  it('refuses foreign JSON and names the format', () => {
    expect(corruptReason(bytesOf({ hello: 'world' }))).toMatch(/format is missing/);
    expect(corruptReason(bytesOf({ ...json(), format: 'other-log' }))).toMatch(
      /not a sinkkit WAL entry \(format other-log\)/,
    );
    expect(corruptReason(bytesOf([1, 2]))).toMatch(/entry is not a JSON object/);
  });

  it('refuses a newer format version with a hint to upgrade', () => {
    expect(corruptReason(bytesOf({ ...json(), version: 2 }))).toMatch(
      /version 2, this code reads 1: written by a newer/,
    );
  });

  it('refuses an altered entry by its checksum', () => {
    expect(corruptReason(bytesOf({ ...json(), nextOffset: '9007199254741200' }))).toMatch(/checksum mismatch/);
    expect(corruptReason(bytesOf({ ...json(), writerId: 'someone-else' }))).toMatch(/checksum mismatch/);
  });

  it('refuses mistyped fields and non-offsets, naming the field', () => {
    const files = json().files;
    expect(corruptReason(bytesOf({ ...json(), files: 'x' }))).toMatch(/entry.files is missing or not a array/);
    expect(corruptReason(bytesOf({ ...json(), files: [{ ...files[0], size: '10' }] }))).toMatch(/files\[0\].size/);
    expect(corruptReason(bytesOf({ ...json(), nextOffset: '-1' }))).toMatch(/nextOffset "-1" is not a Kafka offset/);
    expect(corruptReason(bytesOf({ ...json(), nextOffset: '9223372036854775808' }))).toMatch(/not a Kafka offset/);
    expect(corruptReason(bytesOf({ ...json(), nextOffset: '0012' }))).toMatch(/not a Kafka offset/);
  });

  it('refuses content that breaks the entry rules even with a matching checksum', () => {
    const broken = { ...entry, nextOffset: 5n };
    expect(corruptReason(encodeEntry(broken))).toMatch(/nextOffset 5 must be above every file's endOffset/);
  });

  it('refuses an entry that lies where another topic-partition or seq belongs (a copied file)', () => {
    const bytes = encodeEntry(entry);
    expect(() => decodeEntry(bytes, KEY, topicPartition('orders', 4), 7)).toThrow(
      /it says orders-3 seq 7, but lies where orders-4 seq 7 belongs/,
    );
    expect(() => decodeEntry(bytes, KEY, tp, 8)).toThrow(CorruptEntryError);
  });
});
