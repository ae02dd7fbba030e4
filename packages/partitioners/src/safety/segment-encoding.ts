import { ConfigError } from '@sinkkit/core';
import { encodeConfluentSegmentValue } from './confluent-segment.js';
import { encodeSegmentValue } from './path-segment.js';

/** `partition.field.encoding`: how field names and values become directory names. */
export type SegmentEncoding = 'safe' | 'confluent';

/** The values `partition.field.encoding` takes. */
export const SEGMENT_ENCODINGS: readonly SegmentEncoding[] = ['safe', 'confluent'];

/**
 * Encodes one field name or value with `encoding`: `safe` (default) is {@link encodeSegmentValue}
 * (percent-encoding, `__HIVE_DEFAULT_PARTITION__` for null and empty, injective); `confluent` is
 * {@link encodeConfluentSegmentValue} (raw values, `null`, only the unsafe characters escaped).
 * Both keep every value inside one directory under the prefix.
 */
export function encodeSegment(value: string | null | undefined, delim: string, encoding: SegmentEncoding): string {
  return encoding === 'confluent' ? encodeConfluentSegmentValue(value, delim) : encodeSegmentValue(value, delim);
}

/** Reads `partition.field.encoding` (default `safe`); anything else is a `ConfigError`. */
export function segmentEncodingOf(raw: unknown): SegmentEncoding {
  if (raw === undefined || raw === null) return 'safe';
  const value = String(raw).trim().toLowerCase();
  if ((SEGMENT_ENCODINGS as readonly string[]).includes(value)) return value as SegmentEncoding;
  throw new ConfigError({
    key: 'partition.field.encoding',
    value: String(raw),
    reason: `expected one of ${SEGMENT_ENCODINGS.join(', ')}`,
  });
}
