import type { Decimal } from '../data/decimal.js';
import { DecimalSchema } from '../data/logical/decimal-schema.js';
import { TimestampSchema } from '../data/logical/temporal-schemas.js';
import { Schema } from '../data/schema.js';
import { validateValue } from '../data/validate-value.js';

/** One record header: a key, a value, and the value's schema (`null` when schemaless). */
export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * The ordered headers of a record, with Kafka Connect's `Headers` semantics: a key may occur
 * several times, order is kept, the *last* header with a key is the current one, and a value
 * added with a schema is validated against it (a `DataError` names the header otherwise).
 *
 * Mutating methods return `this` for chaining. Transformations that change headers should
 * `duplicate()` first, since the original record may still be in use.
 */
export class Headers implements Iterable<Header> {
  #headers: Header[] = [];

  constructor(headers?: Iterable<Header>) {
    if (headers) for (const h of headers) this.add(h.key, h.value, h.schema);
  }

  get size(): number {
    return this.#headers.length;
  }

  isEmpty(): boolean {
    return this.#headers.length === 0;
  }

  /** Appends a header; `schema` null means schemaless (no validation). */
  add(key: string, value: unknown, schema: Schema | null = null): this {
    if (typeof key !== 'string') throw new TypeError('Header key must be a string');
    if (schema) validateValue(schema, value, { path: key, subject: 'header' });
    this.#headers.push(Object.freeze({ key, schema, value: value ?? null }));
    return this;
  }

  addString(key: string, value: string | null): this {
    return this.add(key, value, Schema.OPTIONAL_STRING_SCHEMA);
  }
  addBoolean(key: string, value: boolean | null): this {
    return this.add(key, value, Schema.OPTIONAL_BOOLEAN_SCHEMA);
  }
  addInt32(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_INT32_SCHEMA);
  }
  addInt64(key: string, value: bigint | null): this {
    return this.add(key, value, Schema.OPTIONAL_INT64_SCHEMA);
  }
  addFloat64(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_FLOAT64_SCHEMA);
  }
  addBytes(key: string, value: Uint8Array | null): this {
    return this.add(key, value, Schema.OPTIONAL_BYTES_SCHEMA);
  }
  addDecimal(key: string, value: Decimal): this {
    return this.add(key, value, DecimalSchema.builder(value.scale).optional().build());
  }
  addTimestamp(key: string, value: Date): this {
    return this.add(key, value, TimestampSchema.builder().optional().build());
  }

  /** The current (last added) header with `key`. */
  lastWithName(key: string): Header | undefined {
    return this.#headers.findLast((h) => h.key === key);
  }

  /** Every header with `key`, oldest first. */
  allWithName(key: string): Header[] {
    return this.#headers.filter((h) => h.key === key);
  }

  /** Removes every header with `key`. */
  remove(key: string): this {
    this.#headers = this.#headers.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of `key`, or of every key when `key` is omitted. */
  retainLatest(key?: string): this {
    const last = new Map<string, Header>();
    for (const h of this.#headers) last.set(h.key, h);
    this.#headers = this.#headers.filter((h) => (key !== undefined && h.key !== key) || last.get(h.key) === h);
    return this;
  }

  /**
   * Replaces each header (only those with `key`, if given) by what `fn` returns; `null` removes
   * it. Returned headers are validated like added ones.
   */
  apply(fn: (header: Header) => Header | null, key?: string): this {
    const next: Header[] = [];
    for (const h of this.#headers) {
      const out = key === undefined || h.key === key ? fn(h) : h;
      if (!out) continue;
      if (out !== h && out.schema) validateValue(out.schema, out.value, { path: out.key, subject: 'header' });
      next.push(out === h ? h : Object.freeze({ key: out.key, schema: out.schema, value: out.value ?? null }));
    }
    this.#headers = next;
    return this;
  }

  clear(): this {
    this.#headers = [];
    return this;
  }

  /** An independent copy (headers themselves are immutable, so they are shared). */
  duplicate(): Headers {
    const copy = new Headers();
    copy.#headers = [...this.#headers];
    return copy;
  }

  toArray(): Header[] {
    return [...this.#headers];
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#headers[Symbol.iterator]();
  }
}
