import { createHash } from 'node:crypto';
import { MAX_ENCODED_VALUE_LENGTH } from './path-segment.js';

/** What a null field value becomes with `partition.field.encoding=confluent`: Confluent's own text. */
export const CONFLUENT_NULL = 'null';

const PREFIX_LENGTH = 96;
/**
 * C0 and C1 control characters and DEL: CR and LF are refused by GCS, NUL by every file system,
 * and none of them prints in a listing.
 */
function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * Field value → path text as Confluent's `FieldPartitioner` writes it (`partition.field.encoding=confluent`):
 * the raw value, `null` for null, and `''` as nothing (`region=`), so a Hive or Athena table defined
 * on Confluent's output reads sinkkit's the same. Only what could leave the directory or that a
 * store cannot hold is percent-encoded:
 *
 * - `/` and `\` (path separators) and every character of `delim`, so a value stays one segment
 *   and cannot climb out of the prefix (`../x` → `..%2Fx`: a single directory `region=..%2Fx`);
 * - control characters (NUL, CR, LF, …: refused by file systems and GCS);
 * - `.` and `..` as whole values, and a trailing `.` or space (Windows and Azure Data Lake drop
 *   them, so two values would share a directory);
 * - `%` only where it is followed by two hex digits, so an escape we wrote decodes to exactly the
 *   value (Hive-style readers decode `%XX`); any other `%` stays as Confluent writes it.
 *
 * Values longer than {@link MAX_ENCODED_VALUE_LENGTH} after this are cut and suffixed with their
 * hash, as in the safe mode, to keep within the 255-byte name limit of file systems. Unlike the
 * safe mode this is not injective: `null` (the text) and null share a directory, as in Confluent.
 */
export function encodeConfluentSegmentValue(value: string | null | undefined, delim = '/'): string {
  if (value === null || value === undefined) return CONFLUENT_NULL;
  if (value === '.') return '%2E';
  if (value === '..') return '%2E%2E';
  const chars = [...value];
  let out = '';
  for (const [i, char] of chars.entries()) {
    const last = i === chars.length - 1;
    const escapedPercent = char === '%' && /^[0-9A-Fa-f]{2}$/.test(chars.slice(i + 1, i + 3).join(''));
    const unsafe =
      char === '/' ||
      char === '\\' ||
      delim.includes(char) ||
      isControl(char) ||
      escapedPercent ||
      (last && (char === '.' || char === ' '));
    out += unsafe ? percent(char) : char;
  }
  if (Buffer.byteLength(out, 'utf8') <= MAX_ENCODED_VALUE_LENGTH) return out;
  const hash = createHash('sha256').update(value, 'utf8').digest('hex');
  return `${cutBytes(out, PREFIX_LENGTH)}~${hash}`;
}

function percent(char: string): string {
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** The longest prefix of `text` of at most `max` UTF-8 bytes, never splitting a character or a %XX escape. */
function cutBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > max) break;
    out += char;
    bytes += size;
  }
  if (out.at(-1) === '%') return out.slice(0, -1);
  if (out.at(-2) === '%') return out.slice(0, -2);
  return out;
}
