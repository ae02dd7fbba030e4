import type { Decimal } from '@sinkkit/core';

/*
 * How Java prints the values Kafka's transformations turn into text (`Object.toString()` and
 * Connect's `Values.dateFormatFor`), so a cast or a header written here reads the same as one
 * written by a Kafka worker.
 */

const MS_PER_DAY = 86_400_000;

/** `Double.toString`: `1.0`, `0.001`, `1.0E7`, `1.0E-4`, `NaN`, `-Infinity`. */
export function javaDoubleText(n: number): string {
  return javaFloatingText(n, n.toExponential());
}

/** `Float.toString` of a float32 value: the shortest digits that read back as the same float (`0.1`, not `0.10000000149011612`). */
export function javaFloatText(n: number): string {
  if (!Number.isFinite(n)) return javaDoubleText(n);
  for (let digits = 1; digits <= 9; digits++) {
    const text = n.toExponential(digits - 1);
    if (Math.fround(Number(text)) === n) return javaFloatingText(n, text);
  }
  return javaDoubleText(n);
}

function javaFloatingText(n: number, exponential: string): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exp = '0'] = exponential.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const e = Number(exp);
  const abs = Math.abs(n);
  const sign = negative ? '-' : '';
  if (abs >= 1e-3 && abs < 1e7) {
    // Plain notation: digits with the point after position e + 1, at least one digit each side.
    if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
    const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
    const fraction = digits.slice(e + 1) || '0';
    return `${sign}${whole}.${fraction}`;
  }
  return `${sign}${digits.charAt(0)}.${digits.slice(1) || '0'}E${e}`;
}

/**
 * `BigDecimal.toString`: plain digits unless the scale is negative or the number is tiny, then
 * scientific notation (`5E+2` for 5 with scale -2, `1.2E-8`).
 */
export function javaBigDecimalText(d: Decimal): string {
  const negative = d.unscaled < 0n;
  const digits = (negative ? -d.unscaled : d.unscaled).toString();
  const sign = negative ? '-' : '';
  const adjusted = digits.length - 1 - d.scale;
  if (d.scale === 0) return `${sign}${digits}`;
  if (d.scale > 0 && adjusted >= -6) {
    const padded = digits.padStart(d.scale + 1, '0');
    return `${sign}${padded.slice(0, -d.scale)}.${padded.slice(-d.scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits.charAt(0)}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** `new BigDecimal(...).toBigInteger()`: the integer part, truncated toward zero. */
export function decimalToBigInt(d: Decimal): bigint {
  if (d.scale <= 0) return d.unscaled * 10n ** BigInt(-d.scale);
  return d.unscaled / 10n ** BigInt(d.scale);
}

/** `BigDecimal.doubleValue()`. */
export function decimalToNumber(d: Decimal): number {
  return Number(`${d.unscaled}e${-d.scale}`);
}

/**
 * Connect's `Values.dateFormatFor(date).format(date)`, in UTC: a time (`HH:mm:ss.SSSZ`) for an
 * instant before 1970-01-02, a date (`yyyy-MM-dd`) at a midnight, a timestamp otherwise.
 */
export function javaDateText(date: Date): string {
  const ms = date.getTime();
  const iso = date.toISOString();
  if (ms < MS_PER_DAY) return `${iso.slice(11, 23)}Z`;
  if (ms % MS_PER_DAY === 0) return iso.slice(0, 10);
  return `${iso.slice(0, 23)}Z`;
}
