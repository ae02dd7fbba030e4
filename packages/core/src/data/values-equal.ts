/**
 * Deep equality over the values Connect data can hold: primitives (bigint included), `Date`,
 * `Uint8Array` (byte-wise), arrays, `Map`s, plain objects, and anything with an
 * `equals(other)` method (`Struct`, `Decimal`, schemas).
 *
 * Used for schema defaults and struct comparison, where `===` is wrong for bytes and dates.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a == null || b == null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (hasEquals(a)) return a.equals(b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Map || b instanceof Date || b instanceof Uint8Array) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function hasEquals(value: object): value is { equals(other: unknown): boolean } {
  return typeof (value as { equals?: unknown }).equals === 'function';
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
