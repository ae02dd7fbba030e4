import { describe, expect, it } from 'vitest';
import { entryProblem } from '../src/entry-rules.js';
import { MAX_OFFSET, type WalEntryInit } from '../src/index.js';
import { paperFile } from './support/fixtures.js';

const ok: WalEntryInit = { files: [paperFile('a', 10n, 19n), paperFile('b', 5n, 30n)], nextOffset: 31n };

describe('entryProblem', () => {
  it('accepts a batch, a claim and an offset-only entry', () => {
    expect(entryProblem(ok)).toBeUndefined();
    expect(entryProblem({ files: [], nextOffset: undefined })).toBeUndefined();
    expect(entryProblem({ files: [], nextOffset: 100n })).toBeUndefined();
    expect(entryProblem({ files: [paperFile('a', MAX_OFFSET - 1n, MAX_OFFSET - 1n)], nextOffset: MAX_OFFSET })).toBe(
      undefined,
    );
  });

  it.each([
    [{ ...ok, nextOffset: undefined }, /nextOffset is required when the entry has files/],
    [{ ...ok, nextOffset: 30n }, /nextOffset 30 must be above every file's endOffset \(highest 30\)/],
    [{ ...ok, nextOffset: MAX_OFFSET + 1n }, /nextOffset must be a bigint in 0..2\^63-1/],
    [{ files: [paperFile('a', 1n, 2n), paperFile('a', 3n, 4n)], nextOffset: 5n }, /"a"\) appears twice/],
    [{ files: [paperFile('', 1n, 2n)], nextOffset: 5n }, /files\[0\].key must be a non-empty string/],
    [{ files: [{ ...paperFile('a', 1n, 2n), size: -1 }], nextOffset: 5n }, /size must be a byte count >= 0/],
    [{ files: [{ ...paperFile('a', 1n, 2n), recordCount: 0 }], nextOffset: 5n }, /recordCount must be an integer >= 1/],
    [{ files: [{ ...paperFile('a', 1n, 2n), recordCount: 3 }], nextOffset: 5n }, /3 records cannot fit offsets 1..2/],
    [{ files: [{ ...paperFile('a', 1n, 2n), startOffset: 3n }], nextOffset: 5n }, /endOffset is below startOffset/],
    [
      { files: [{ ...paperFile('a', 1n, 2n), startOffset: 1 as unknown as bigint }], nextOffset: 5n },
      /startOffset must be a bigint/,
    ],
  ])('refuses %#', (init, reason) => {
    expect(entryProblem(init as WalEntryInit)).toMatch(reason);
  });

  it('accepts fewer records than the offset span (compaction and transaction markers leave gaps)', () => {
    expect(entryProblem({ files: [{ ...paperFile('a', 0n, 99n), recordCount: 3 }], nextOffset: 100n })).toBeUndefined();
  });
});
