import { DataError } from '../errors/data-error.js';

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * An exact decimal number: `unscaled × 10^-scale`, like Java's `BigDecimal`. This is the value
 * of a field whose schema is the `org.apache.kafka.connect.data.Decimal` logical type.
 *
 * Why a class rather than a `number` or a bare `bigint`: a double cannot hold most decimal
 * fractions (0.1) or large amounts exactly, and a bare unscaled bigint would be indistinguishable
 * from an INT64 and meaningless without its scale. `Decimal` keeps both parts and prints exactly
 * (`new Decimal(12345n, 2).toString() === '123.45'`).
 */
export class Decimal {
  /**
   * @param unscaled the digits as an integer.
   * @param scale digits after the decimal point; may be negative (`new Decimal(5n, -2)` is 500),
   *   as Connect allows.
   */
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (typeof unscaled !== 'bigint') throw new TypeError('Decimal unscaled value must be a bigint');
    if (!Number.isSafeInteger(scale)) throw new TypeError(`Decimal scale must be an integer, got ${scale}`);
    Object.freeze(this);
  }

  /**
   * Parses decimal text such as `-12.50` (scale 2) or `1.5e3` (scale -2), keeping the scale
   * the text implies, as `new BigDecimal(String)` does.
   */
  static parse(text: string): Decimal {
    const match = DECIMAL_TEXT.exec(text.trim());
    const [, sign = '', whole = '', fraction = '', exponent = '0'] = match ?? [];
    if (!match || whole.length + fraction.length === 0) {
      throw new DataError(`Invalid decimal ${JSON.stringify(text)}: expected digits with an optional fraction`);
    }
    return new Decimal(BigInt(`${sign}${whole}${fraction}` || '0'), fraction.length - Number(exponent));
  }

  /**
   * The same number with `scale` digits after the point. Throws a {@link DataError} when that
   * would drop non-zero digits; sinkkit never rounds money silently.
   */
  rescale(scale: number): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    if (this.unscaled % divisor !== 0n) {
      throw new DataError(`Cannot rescale decimal ${this} to scale ${scale} without losing digits`);
    }
    return new Decimal(this.unscaled / divisor, scale);
  }

  /** Numeric equality regardless of scale: `1.0` equals `1.00`. */
  equals(other: unknown): boolean {
    if (!(other instanceof Decimal)) return false;
    const scale = Math.max(this.scale, other.scale);
    return this.rescale(scale).unscaled === other.rescale(scale).unscaled;
  }

  /** The nearest double; lossy by nature, for display or arithmetic where that is acceptable. */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Exact plain notation, never exponent notation: `123.45`, `-0.05`, `500`. */
  toString(): string {
    if (this.scale <= 0) return (this.unscaled * 10n ** BigInt(-this.scale)).toString();
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const point = digits.length - this.scale;
    return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  }

  /** JSON has no exact decimal type, so it gets the exact text. */
  toJSON(): string {
    return this.toString();
  }
}
