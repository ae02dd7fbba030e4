import { DataError } from '@sinkkit/core';

/**
 * A JSON number kept as its source text, for numbers a double cannot hold exactly (long
 * integers, high-precision decimals) or whose spelling matters (`1.0` is a float in Connect,
 * `1` an integer). Connect's JsonConverter reads numbers with Jackson's
 * `USE_BIG_DECIMAL_FOR_FLOATS` for the same reason: no precision is lost on the way in.
 */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** Whether the literal has no fraction or exponent (Jackson's `isIntegralNumber`). */
  get integral(): boolean {
    return !/[.eE]/.test(this.text);
  }

  // Distinct from both numbers and strings when a parsed tree is used as a cache key.
  toJSON(): { $number: string } {
    return { $number: this.text };
  }
}

/** A parsed JSON value: numbers are `number`s when exact, else {@link JsonNumber}s. */
export type JsonValue = null | boolean | number | JsonNumber | string | JsonValue[] | { [key: string]: JsonValue };

// Text that JSON.parse may read inexactly: 16+ digit runs (beyond a double's 15 exact
// significant digits), trailing fraction zeros or exponents (`1.0`, `1e3` are floats in Connect
// but integers after JSON.parse). Matches inside strings only cost the slower exact parser.
const INEXACT = /\d{16}|\.\d*0(?!\d)|\d[eE]/;

/**
 * Parses JSON text exactly. Plain JSON goes through the native `JSON.parse`; text with numbers
 * JSON.parse would round goes through a small exact parser. Throws a `DataError` with the
 * parser's reason for malformed text.
 */
export function parseJson(text: string): JsonValue {
  if (!INEXACT.test(text)) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch (cause) {
      throw new DataError(`malformed JSON: ${(cause as Error).message}`, { code: 'JSON_MALFORMED', cause });
    }
  }
  return new ExactParser(text).parseDocument();
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON strings: no raw control characters (U+0000–U+001F), valid escapes only.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids these characters unescaped; the pattern rejects them.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

class ExactParser {
  #pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    const value = this.#value(0);
    this.#skip();
    if (this.#pos !== this.text.length) this.#fail('unexpected text after the JSON value');
    return value;
  }

  #value(depth: number): JsonValue {
    if (depth > 1000) this.#fail('nesting deeper than 1000 levels');
    this.#skip();
    const c = this.text[this.#pos];
    if (c === '{') return this.#object(depth);
    if (c === '[') return this.#array(depth);
    if (c === '"') return this.#string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.#number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.#pos)) {
        this.#pos += word.length;
        return value;
      }
    }
    return this.#fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  }

  #object(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.#pos++;
    this.#skip();
    if (this.text[this.#pos] === '}') {
      this.#pos++;
      return out;
    }
    for (;;) {
      this.#skip();
      if (this.text[this.#pos] !== '"') this.#fail('expected a property name');
      const key = this.#string();
      this.#skip();
      this.#expect(':');
      // defineProperty: a "__proto__" key is data, never the object's prototype.
      Object.defineProperty(out, key, {
        value: this.#value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.#skip();
      if (this.text[this.#pos] === ',') {
        this.#pos++;
        continue;
      }
      this.#expect('}');
      return out;
    }
  }

  #array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.#pos++;
    this.#skip();
    if (this.text[this.#pos] === ']') {
      this.#pos++;
      return out;
    }
    for (;;) {
      out.push(this.#value(depth + 1));
      this.#skip();
      if (this.text[this.#pos] === ',') {
        this.#pos++;
        continue;
      }
      this.#expect(']');
      return out;
    }
  }

  #string(): string {
    STRING.lastIndex = this.#pos;
    const match = STRING.exec(this.text);
    if (!match) return this.#fail('malformed string');
    this.#pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  #number(): number | JsonNumber {
    NUMBER.lastIndex = this.#pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.#fail('malformed number');
    const text = match[0];
    this.#pos += text.length;
    const n = Number(text);
    // Spelled as the double prints (and, for integers, exactly the double): keep the cheap form.
    return String(n) === text && (text.includes('.') || Number.isSafeInteger(n)) ? n : new JsonNumber(text);
  }

  #skip(): void {
    WHITESPACE.lastIndex = this.#pos;
    WHITESPACE.exec(this.text);
    this.#pos = WHITESPACE.lastIndex;
  }

  #expect(c: string): void {
    if (this.text[this.#pos] !== c) this.#fail(`expected ${JSON.stringify(c)}`);
    this.#pos++;
  }

  #fail(reason: string): never {
    throw new DataError(`malformed JSON: ${reason} at position ${this.#pos}`, { code: 'JSON_MALFORMED' });
  }
}

/** A JSON number written exactly as given (bigints, decimals). */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** What {@link stringifyJson} writes: JSON values plus exact numbers. */
export type JsonOut =
  | null
  | boolean
  | number
  | RawNumber
  | string
  | readonly JsonOut[]
  | { readonly [key: string]: JsonOut | undefined };

/**
 * Compact JSON text (as Jackson writes it: no whitespace) where {@link RawNumber}s keep every
 * digit; JSON.stringify cannot write a bigint or a 20-digit decimal as a number. Object keys
 * whose value is `undefined` are left out.
 */
export function stringifyJson(value: JsonOut): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new DataError(`JSON cannot represent the number ${value}`);
      return String(value);
  }
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(stringifyJson).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as { readonly [key: string]: JsonOut | undefined })) {
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}
