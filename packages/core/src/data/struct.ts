import { DataError } from '../errors/data-error.js';
import type { Decimal } from './decimal.js';
import { LogicalNames } from './logical/logical-names.js';
import type { Field, Schema } from './schema.js';
import { validateValue } from './validate-value.js';
import { valuesEqual } from './values-equal.js';

/**
 * A structured value conforming to a STRUCT {@link Schema}, like Connect's `Struct`.
 *
 * `put` checks each value against its field's schema as it is set, so a bad value fails where
 * it was produced (a nested struct only has to have the right schema: it may be filled in
 * later); `validate()` then checks the whole tree (required fields set, nested structs
 * complete) and names the first offending field. Typed getters check the field's type
 * and return its default when unset.
 */
export class Struct {
  readonly schema: Schema;
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataError(`A Struct needs a STRUCT schema, got ${schema}`);
    this.schema = schema;
    this.#values = new Array(schema.fields.length).fill(null);
  }

  /** Sets field `name` after validating `value` against its schema; returns `this` for chaining. */
  put(name: string, value: unknown): this {
    const field = this.#field(name);
    validateValue(field.schema, value, { path: name, shallowStructs: true });
    this.#values[field.index] = value ?? null;
    return this;
  }

  /** The value of field `name`, or the field's default when unset; `null` if neither. */
  get(name: string): unknown {
    const field = this.#field(name);
    return this.#values[field.index] ?? field.schema.defaultValue ?? null;
  }

  /** The value of field `name` as set, ignoring defaults. */
  getWithoutDefault(name: string): unknown {
    return this.#values[this.#field(name).index] ?? null;
  }

  getInt8(name: string): number | null {
    return this.#typed(name, 'INT8') as number | null;
  }
  getInt16(name: string): number | null {
    return this.#typed(name, 'INT16') as number | null;
  }
  getInt32(name: string): number | null {
    return this.#typed(name, 'INT32') as number | null;
  }
  getInt64(name: string): bigint | null {
    return this.#typed(name, 'INT64') as bigint | null;
  }
  getFloat32(name: string): number | null {
    return this.#typed(name, 'FLOAT32') as number | null;
  }
  getFloat64(name: string): number | null {
    return this.#typed(name, 'FLOAT64') as number | null;
  }
  getBoolean(name: string): boolean | null {
    return this.#typed(name, 'BOOLEAN') as boolean | null;
  }
  getString(name: string): string | null {
    return this.#typed(name, 'STRING') as string | null;
  }
  getBytes(name: string): Uint8Array | null {
    return this.#typed(name, 'BYTES') as Uint8Array | null;
  }
  /** The value of a field whose schema is the Decimal logical type. */
  getDecimal(name: string): Decimal | null {
    if (this.#field(name).schema.name !== LogicalNames.DECIMAL) {
      throw new DataError(`Field ${JSON.stringify(name)} is not a ${LogicalNames.DECIMAL}`);
    }
    return this.#typed(name, 'BYTES') as Decimal | null;
  }
  getArray<T = unknown>(name: string): T[] | null {
    return this.#typed(name, 'ARRAY') as T[] | null;
  }
  getMap<K = unknown, V = unknown>(name: string): Map<K, V> | Record<string, V> | null {
    return this.#typed(name, 'MAP') as Map<K, V> | Record<string, V> | null;
  }
  getStruct(name: string): Struct | null {
    return this.#typed(name, 'STRUCT') as Struct | null;
  }

  /**
   * Throws a {@link DataError} naming the first field that is invalid and why: a required field
   * without value or default, here or in a nested struct (`address.zip`).
   */
  validate(): void {
    validateValue(this.schema, this);
  }

  /** Same schema and equal field values (bytes, dates, decimals and nested structs compared deeply). */
  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Struct) || !this.schema.equals(other.schema)) return false;
    return this.schema.fields.every((f) =>
      valuesEqual(this.getWithoutDefault(f.name), other.getWithoutDefault(f.name)),
    );
  }

  /** Like Connect: `Struct{name=alice,age=42}`, unset fields omitted. */
  toString(): string {
    const parts = this.schema.fields
      .filter((f) => this.#values[f.index] != null)
      .map((f) => `${f.name}=${String(this.#values[f.index])}`);
    return `Struct{${parts.join(',')}}`;
  }

  #field(name: string): Field {
    const field = this.schema.field(name);
    if (!field) throw new DataError(`${JSON.stringify(name)} is not a field of ${this.schema}`);
    return field;
  }

  #typed(name: string, type: Schema['type']): unknown {
    const field = this.#field(name);
    if (field.schema.type !== type) {
      throw new DataError(`Field ${JSON.stringify(name)} is ${field.schema.type}, not ${type}`);
    }
    return this.get(name);
  }
}
