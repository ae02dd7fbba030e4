const DURATION = /^([+-]?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration into whole milliseconds, or returns `undefined` if `text` is not one.
 *
 * Accepted forms (surrounding whitespace ignored, units case-insensitive):
 * - a bare integer: milliseconds, as every Kafka Connect `*.ms` setting is written (`5000`);
 *   a sign is allowed, because Connect uses `-1` for "disabled" (`rotate.interval.ms=-1`);
 * - a number with one unit `ms`, `s`, `m`, `h` or `d`: `250ms`, `10s`, `1.5s`, `5m`, `1h`, `7d`.
 *
 * Not accepted: compound forms (`1h30m`), ISO-8601 (`PT10S`), and fractions that do not come
 * to whole milliseconds (`1.5ms`, or a bare `1.5`).
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, amount = '', unit] = match;
  if (unit === undefined && amount.includes('.')) return undefined;
  const ms = Number(amount) * (UNIT_MS[(unit ?? 'ms').toLowerCase()] ?? 1);
  // Decimal fractions are inexact in binary; accept values within rounding noise of an integer.
  const rounded = Math.round(ms);
  return Math.abs(ms - rounded) < 1e-6 && Number.isSafeInteger(rounded) ? rounded : undefined;
}
