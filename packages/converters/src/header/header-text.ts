import {
  DateSchema,
  Decimal,
  DecimalSchema,
  LogicalNames,
  NULL_SCHEMA_AND_VALUE,
  Schema,
  type SchemaAndValue,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import { inferredSchema } from './header-schemas.js';

/*
 * Header text ⇄ Connect data, as Kafka Connect's `Values.parseString` / `Values.convertToString`
 * do it for `SimpleHeaderConverter`: booleans, integers (the narrowest of INT8…INT64), floats,
 * decimals, ISO-8601 dates/times/timestamps, `[…]` arrays and `{…}` maps (strings inside them
 * in double quotes) are recognised; anything else is the string itself.
 *
 * Stricter than Connect where its tokenizer reads a prefix: `12,34` or `10:30` stay strings
 * here (Connect reads 12 and 10), and text after a closing `]` or `}` makes the whole header a
 * string. `\"` and `\\` inside quoted strings are unescaped, so what `formatHeaderValue` writes
 * reads back unchanged.
 */

// At most 9 exponent digits, so the scale is a safe integer; longer is read as text.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,9})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
// The same shapes at a position inside an array or map, where ':' otherwise ends a token.
const EMBEDDED_TEMPORAL = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|\d{2}:\d{2}:\d{2}\.\d{3}Z/y;
const FLOAT32_MAX = 3.4028234663852886e38;
const MS_PER_DAY = 86_400_000;

const TRUE: SchemaAndValue = Object.freeze({ schema: Schema.BOOLEAN_SCHEMA, value: true });
const FALSE: SchemaAndValue = Object.freeze({ schema: Schema.BOOLEAN_SCHEMA, value: false });

/** Thrown inside the parser when an array or map is malformed; the header is then a string. */
class NotStructured extends Error {}

/** The Connect data a header's text stands for (see the module comment). */
export function parseHeaderText(text: string): SchemaAndValue {
  const trimmed = text.trim();
  if (trimmed === '') return { schema: Schema.STRING_SCHEMA, value: text };
  const first = trimmed[0] as string;
  if (first === '[' || first === '{') {
    try {
      const parser = new Parser(trimmed);
      const parsed = parser.structured();
      parser.skipSpace();
      if (parser.atEnd()) return parsed;
    } catch (error) {
      if (!(error instanceof NotStructured)) throw error;
    }
    return { schema: Schema.STRING_SCHEMA, value: text };
  }
  return scalar(trimmed) ?? { schema: Schema.STRING_SCHEMA, value: text };
}

/** `null`, a boolean, a temporal value or a number, or `undefined` when `token` is none of them. */
function scalar(token: string): SchemaAndValue | undefined {
  if (token === 'null') return NULL_SCHEMA_AND_VALUE;
  if (token === 'true') return TRUE;
  if (token === 'false') return FALSE;
  const first = token.charCodeAt(0);
  const digit = first >= 48 && first <= 57;
  if (digit) {
    const temporal = parseTemporal(token);
    if (temporal) return temporal;
  }
  if ((digit || token[0] === '+' || token[0] === '-') && NUMBER.test(token)) return parseNumber(token);
  return undefined;
}

/** Connect's choice of number type: the narrowest integer that holds it exactly, else a float, else a Decimal. */
function parseNumber(token: string): SchemaAndValue {
  const decimal = Decimal.parse(token);
  const integer = exactInteger(decimal);
  if (integer !== undefined) {
    if (integer >= -128n && integer <= 127n) return { schema: Schema.INT8_SCHEMA, value: Number(integer) };
    if (integer >= -32_768n && integer <= 32_767n) return { schema: Schema.INT16_SCHEMA, value: Number(integer) };
    if (integer >= -2_147_483_648n && integer <= 2_147_483_647n) {
      return { schema: Schema.INT32_SCHEMA, value: Number(integer) };
    }
    if (integer >= -(2n ** 63n) && integer < 2n ** 63n) return { schema: Schema.INT64_SCHEMA, value: integer };
  }
  if (decimal.scale !== 0) {
    const double = Number(token);
    // The value stays the double nearest the text; the schema says FLOAT32 where Connect's does.
    if (Math.abs(double) <= FLOAT32_MAX) return { schema: Schema.FLOAT32_SCHEMA, value: double };
    if (Number.isFinite(double)) return { schema: Schema.FLOAT64_SCHEMA, value: double };
  }
  return { schema: DecimalSchema.schema(decimal.scale), value: decimal };
}

/** The integer `decimal` equals (`1.0`, `1e3`), or `undefined`; never builds numbers past INT64. */
function exactInteger(decimal: Decimal): bigint | undefined {
  if (decimal.scale <= 0) {
    if (decimal.unscaled === 0n) return 0n;
    return -decimal.scale > 19 ? undefined : decimal.unscaled * 10n ** BigInt(-decimal.scale);
  }
  if (decimal.scale > 10_000) return decimal.unscaled === 0n ? 0n : undefined;
  const divisor = 10n ** BigInt(decimal.scale);
  return decimal.unscaled % divisor === 0n ? decimal.unscaled / divisor : undefined;
}

function parseTemporal(token: string): SchemaAndValue | undefined {
  let m = DATE.exec(token);
  if (m) {
    const ms = utc(m, 0, 0, 0, 0);
    return ms === undefined ? undefined : { schema: DateSchema.SCHEMA, value: new Date(ms) };
  }
  m = TIME.exec(token);
  if (m) {
    const [h, min, s, ms] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    if (h > 23 || min > 59 || s > 59) return undefined;
    return { schema: TimeSchema.SCHEMA, value: new Date(((h * 60 + min) * 60 + s) * 1000 + ms) };
  }
  m = TIMESTAMP.exec(token);
  if (m) {
    const ms = utc(m, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
    return ms === undefined ? undefined : { schema: TimestampSchema.SCHEMA, value: new Date(ms) };
  }
  return undefined;
}

/** Epoch milliseconds of a real calendar day and time (UTC), or `undefined`. */
function utc(m: RegExpExecArray, h: number, min: number, s: number, ms: number): number | undefined {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, min, s, ms));
  if (y < 100) date.setUTCFullYear(y); // Date.UTC maps years 0–99 to 1900–1999
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? date.getTime()
    : undefined;
}

/** A recursive-descent reader of `[…]` and `{…}` header text. */
class Parser {
  #at = 0;
  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.#at >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.#at] as string)) this.#at++;
  }

  #eat(char: string): boolean {
    this.skipSpace();
    if (this.text[this.#at] !== char) return false;
    this.#at++;
    return true;
  }

  structured(): SchemaAndValue {
    if (this.#eat('[')) return this.#array();
    if (this.#eat('{')) return this.#map();
    throw new NotStructured();
  }

  #array(): SchemaAndValue {
    const items: SchemaAndValue[] = [];
    if (this.#eat(']')) return inferredSchema.array(items);
    do items.push(this.#element());
    while (this.#eat(','));
    if (!this.#eat(']')) throw new NotStructured();
    return inferredSchema.array(items);
  }

  #map(): SchemaAndValue {
    const entries: [SchemaAndValue, SchemaAndValue][] = [];
    if (this.#eat('}')) return inferredSchema.map(entries);
    do {
      const key = this.#element();
      if (key.value === null || !this.#eat(':')) throw new NotStructured();
      entries.push([key, this.#element()]);
    } while (this.#eat(','));
    if (!this.#eat('}')) throw new NotStructured();
    return inferredSchema.map(entries);
  }

  /** One value inside an array or map: quoted string, nested array or map, or an unquoted scalar. */
  #element(): SchemaAndValue {
    this.skipSpace();
    const c = this.text[this.#at];
    if (c === '"') return this.#quoted();
    if (c === '[' || c === '{') return this.structured();
    EMBEDDED_TEMPORAL.lastIndex = this.#at;
    const temporal = EMBEDDED_TEMPORAL.exec(this.text);
    let token: string;
    if (temporal) {
      token = temporal[0];
      this.#at += token.length;
    } else {
      const start = this.#at;
      while (!this.atEnd() && !',:[]{}"'.includes(this.text[this.#at] as string)) this.#at++;
      token = this.text.slice(start, this.#at).trim();
    }
    const parsed = token === '' ? undefined : scalar(token);
    if (parsed === undefined) throw new NotStructured();
    return parsed;
  }

  #quoted(): SchemaAndValue {
    this.#at++; // the opening quote
    let out = '';
    while (!this.atEnd()) {
      const c = this.text[this.#at++] as string;
      if (c === '"') {
        // Connect reads a quoted temporal literal as that type; any other quoted text is a string.
        const temporal = /^\d/.test(out) ? parseTemporal(out) : undefined;
        return temporal ?? { schema: Schema.STRING_SCHEMA, value: out };
      }
      if (c === '\\' && (this.text[this.#at] === '"' || this.text[this.#at] === '\\')) out += this.text[this.#at++];
      else out += c;
    }
    throw new NotStructured();
  }
}

/** Connect's text for `value` (read with `schema`, when there is one); the inverse of {@link parseHeaderText}. */
export function formatHeaderValue(schema: Schema | null, value: unknown): string {
  return append(schema, value, false);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return embedded ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Decimal) return value.toString();
  if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return embedded ? `"${base64}"` : base64;
  }
  if (value instanceof Date) return formatDate(schema, value);
  if (Array.isArray(value)) {
    return `[${value.map((v) => append(schema?.valueSchema ?? null, v, true)).join(',')}]`;
  }
  if (value instanceof Map) {
    const parts = [...value].map(
      ([k, v]) => `${append(schema?.keySchema ?? null, k, true)}:${append(schema?.valueSchema ?? null, v, true)}`,
    );
    return `{${parts.join(',')}}`;
  }
  const struct = value as { schema?: Schema; get?: (name: string) => unknown };
  if (typeof struct.get === 'function' && struct.schema?.type === 'STRUCT') {
    const fields = struct.schema.fields.map(
      (f) => `${append(null, f.name, true)}:${append(f.schema, struct.get?.(f.name), true)}`,
    );
    return `{${fields.join(',')}}`;
  }
  if (typeof value === 'object') {
    const parts = Object.entries(value).map(
      ([k, v]) => `${append(null, k, true)}:${append(schema?.valueSchema ?? null, v, true)}`,
    );
    return `{${parts.join(',')}}`;
  }
  return String(value);
}

/** Date, Time or Timestamp text; without a schema, chosen as Connect's `dateFormatFor` does. */
function formatDate(schema: Schema | null, date: Date): string {
  const iso = date.toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ
  const name = schema?.name;
  const ms = date.getTime();
  if (name === LogicalNames.TIME || (name == null && ms >= 0 && ms < MS_PER_DAY)) return iso.slice(11);
  if (name === LogicalNames.DATE || (name == null && ms % MS_PER_DAY === 0)) return iso.slice(0, 10);
  return iso;
}
