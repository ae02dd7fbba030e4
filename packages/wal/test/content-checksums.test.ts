import { readFileSync } from 'node:fs';
import { topicPartition } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../src/entry-codec.js';
import { committedBatches, InvalidEntryError, NO_ENTRY_SEQ, Wal, type WalEntry } from '../src/index.js';
import { decodeLedger } from '../src/ledger.js';
import { paperFile } from './support/fixtures.js';

const tp = topicPartition('orders', 3);
const KEY = '_sinkkit/wal/orders/3/00000000000000000007.json';
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const CRC = 'crc32:0a1b2c3d';
const SHA = `sha256:${'ab'.repeat(32)}`;

const entry: WalEntry = {
  seq: 7,
  topic: 'orders',
  partition: 3,
  writerId: 'w',
  createdAt: '2026-11-02T03:04:05.006Z',
  nextOffset: 120n,
  files: [
    { ...paperFile('topics/orders/a/orders+3+0000000100.jsonl', 100n, 109n), checksum: CRC },
    { ...paperFile('topics/orders/b/orders+3+0000000110.jsonl', 110n, 119n), checksum: SHA },
  ],
  skipped: 0,
  rangeStart: 95n,
};

describe('content checksums and rangeStart in entries', () => {
  it('round-trips each file checksum and the rangeStart', () => {
    const decoded = decodeEntry(encodeEntry(entry), KEY, tp, 7);
    expect(decoded).toEqual(entry);
    const stored = JSON.parse(new TextDecoder().decode(encodeEntry(entry)));
    expect(stored.files.map((f: { checksum: string }) => f.checksum)).toEqual([CRC, SHA]);
    expect(stored.rangeStart).toBe('95');
  });

  it('reads an entry and a ledger written before checksums were recorded', () => {
    const old = decodeEntry(fixture('entry-before-checksums.json'), KEY, tp, 7);
    expect(old.files).toHaveLength(1);
    expect(old.files[0]).not.toHaveProperty('checksum');
    expect(old).not.toHaveProperty('rangeStart');
    // Encoding it again gives what the old code wrote: absent fields stay absent, the checksum holds.
    const parse = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));
    expect(parse(encodeEntry(old))).toEqual(parse(fixture('entry-before-checksums.json')));
    const [archived] = decodeLedger(fixture('ledger-before-checksums.json'), 'ledger-key');
    expect(archived?.files[0]).not.toHaveProperty('checksum');
    expect(archived?.files[0]?.size).toBe(42);
  });

  it('refuses a malformed checksum and a rangeStart above a file', () => {
    const bad = (init: Partial<WalEntry>) => ({ ...entry, ...init });
    const file = entry.files[0] as WalEntry['files'][number];
    expect(() => decodeEntry(encodeEntry(bad({ files: [{ ...file, checksum: 'md5:00' }] })), KEY, tp, 7)).toThrow(
      /checksum must be crc32/,
    );
    expect(() => decodeEntry(encodeEntry(bad({ rangeStart: 101n })), KEY, tp, 7)).toThrow(/rangeStart 101/);
  });

  it('keeps checksums and rangeStart through append, trim into the ledger, and committedBatches', async () => {
    const storage = new MemoryStorage();
    const wal = new Wal(storage, { writerId: 'w', onWarning: () => {} });
    const claim = await wal.append(tp, { files: [], nextOffset: undefined }, NO_ENTRY_SEQ);
    const first = await wal.append(tp, { files: entry.files, nextOffset: 120n, rangeStart: 95n }, claim.seq);
    const second = await wal.append(
      tp,
      {
        files: [{ ...paperFile('topics/orders/a/orders+3+0000000120.jsonl', 120n, 129n), checksum: CRC }],
        nextOffset: 130n,
      },
      first.seq,
    );
    await expect(
      wal.append(
        tp,
        { files: [{ ...paperFile('k', 130n, 130n), checksum: 'crc32:XYZ' }], nextOffset: 131n },
        second.seq,
      ),
    ).rejects.toBeInstanceOf(InvalidEntryError);
    await wal.trim(tp, 1); // seqs 1 and 2 into the ledger
    const batches = await committedBatches(storage, tp);
    expect(batches.map((b) => b.source)).toEqual(['ledger', 'ledger', 'log']);
    expect(batches[1]?.rangeStart).toBe(95n);
    expect(batches[1]?.fromOffset).toBeUndefined(); // the claim before it has no nextOffset
    expect(batches[2]).not.toHaveProperty('rangeStart');
    expect(batches[2]?.fromOffset).toBe(120n);
    expect(batches.flatMap((b) => b.files.map((f) => f.checksum))).toEqual([CRC, SHA, CRC]);
  });
});
