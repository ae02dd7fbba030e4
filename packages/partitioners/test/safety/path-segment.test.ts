import { describe, expect, it } from 'vitest';
import { encodeSegmentValue, MAX_ENCODED_VALUE_LENGTH, NULL_PARTITION } from '../../src/index.js';

describe('encodeSegmentValue', () => {
  it('leaves ordinary values alone, so keys match Confluent for them', () => {
    for (const v of ['eu-west-1', '42', 'order_created', 'v1.2', 'a~b']) expect(encodeSegmentValue(v)).toBe(v);
  });

  it('percent-encodes separators, traversal, NUL, control characters, = and %', () => {
    expect(encodeSegmentValue('../../etc/passwd')).toBe('..%2F..%2Fetc%2Fpasswd');
    expect(encodeSegmentValue('a\\b')).toBe('a%5Cb');
    expect(encodeSegmentValue('x\u0000y\n\t')).toBe('x%00y%0A%09');
    expect(encodeSegmentValue('k=v')).toBe('k%3Dv');
    expect(encodeSegmentValue('100%')).toBe('100%25');
    expect(encodeSegmentValue('Zürich')).toBe('Z%C3%BCrich');
  });

  it('turns "." and ".." into escapes: a segment never means here or parent', () => {
    expect(encodeSegmentValue('.')).toBe('%2E');
    expect(encodeSegmentValue('..')).toBe('%2E%2E');
  });

  it('maps null and empty to Hive’s null partition, and keeps the literal placeholder out of it', () => {
    expect(encodeSegmentValue(null)).toBe(NULL_PARTITION);
    expect(encodeSegmentValue('')).toBe('__HIVE_DEFAULT_PARTITION__');
    expect(encodeSegmentValue(NULL_PARTITION)).not.toBe(NULL_PARTITION);
  });

  it('encodes the characters of a custom directory.delim', () => {
    expect(encodeSegmentValue('a-b', '-')).toBe('a%2Db');
  });

  it('cuts long values with a hash: bounded, distinct, never equal to an uncut value', () => {
    const a = encodeSegmentValue('x'.repeat(10_000));
    const b = encodeSegmentValue(`${'x'.repeat(9_999)}y`);
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThan(MAX_ENCODED_VALUE_LENGTH);
    expect(a.length).toBeLessThanOrEqual(161);
    expect(a).toMatch(/^x{96}~[0-9a-f]{64}$/);
    // A cut never splits an escape.
    const escaped = encodeSegmentValue('/'.repeat(200));
    expect(escaped).toMatch(/^(%2F){32}~[0-9a-f]{64}$/);
  });
});
