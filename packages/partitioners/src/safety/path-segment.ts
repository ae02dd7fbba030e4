import { createHash } from 'node:crypto';

/**
 * What a null or empty field value becomes: Hive's name for the partition of null values, which
 * Hive, Spark, Trino and Athena read back as NULL. An empty string lands there too (Hive does the
 * same): an empty path segment would vanish from the key (`a=/b` is not a directory).
 */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Encoded values longer than this are cut and suffixed with a hash (see {@link encodeSegmentValue}). */
export const MAX_ENCODED_VALUE_LENGTH = 128;

const PREFIX_LENGTH = 96;
// RFC 3986 "unreserved": letters, digits and - . _ ~ pass unchanged, everything else is %XX.
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Turns a field value into text that is safe as one path segment: it can never name a parent
 * (`..`), start another segment (`/`, `\`, `directory.delim`), end a key early (NUL) or confuse a
 * reader of `name=value` (`=`).
 *
 * Percent-encoding (RFC 3986) was chosen over stripping or replacing characters because it is
 * reversible (two different values never share a directory), because ordinary values
 * (`us-east`, `42`, `order_created`) stay as they are, so keys match Confluent's, and because
 * Hive-style readers (Hive's `FileUtils.escapePathName`, Spark, DuckDB) already decode `%XX` in
 * partition values. Every UTF-8 byte outside the unreserved set is encoded (also `%`, so
 * decoding is unambiguous), plus any character of `delim`, so a custom delimiter such as `-`
 * cannot be forged from inside a value.
 *
 * - `null`/`undefined`/`''` → {@link NULL_PARTITION}; the literal text `__HIVE_DEFAULT_PARTITION__`
 *   is encoded (`%5F_HIVE…`) so it does not land in the null partition.
 * - `.` and `..` (segments that mean "here" and "parent" to file systems and URL resolvers) →
 *   `%2E` and `%2E%2E`.
 * - Encoded text longer than {@link MAX_ENCODED_VALUE_LENGTH} → its first 94–96 characters, `~`,
 *   and the SHA-256 of the raw value in hex (159–161 characters). Always longer than any uncut
 *   value, so a cut value cannot equal an uncut one; 128 plus a field name stays below the
 *   255-byte name limit of common file systems.
 */
export function encodeSegmentValue(value: string | null | undefined, delim = '/'): string {
  if (value === null || value === undefined || value === '') return NULL_PARTITION;
  if (value === NULL_PARTITION) return `%5F${NULL_PARTITION.slice(1)}`;
  if (value === '.') return '%2E';
  if (value === '..') return '%2E%2E';
  let out = '';
  for (const char of value) {
    if (UNRESERVED.test(char) && !delim.includes(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.length <= MAX_ENCODED_VALUE_LENGTH) return out;
  let cut = PREFIX_LENGTH;
  // Never split a %XX escape.
  if (out[cut - 1] === '%') cut -= 1;
  else if (out[cut - 2] === '%') cut -= 2;
  const hash = createHash('sha256').update(value, 'utf8').digest('hex');
  return `${out.slice(0, cut)}~${hash}`;
}
