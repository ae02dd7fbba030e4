import type { Field, Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
import { valuesEqual } from './values-equal.js';

/** Everything a {@link ConnectSchema} is made of; unset parts default to `null` / empty. */
export interface SchemaParts {
  type: SchemaType;
  optional?: boolean;
  defaultValue?: unknown;
  name?: string | null;
  version?: number | null;
  doc?: string | null;
  parameters?: Readonly<Record<string, string>> | null;
  fields?: readonly { name: string; schema: Schema }[];
  keySchema?: Schema | null;
  valueSchema?: Schema | null;
}

/**
 * The immutable {@link Schema} implementation. Construct through `SchemaBuilder`, which checks
 * that the parts fit together (fields only on STRUCT, a valid default, ...); this class trusts
 * its input.
 */
export class ConnectSchema implements Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  readonly fields: readonly Field[];
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema | null;
  readonly #byName: ReadonlyMap<string, Field>;

  constructor(parts: SchemaParts) {
    this.type = parts.type;
    this.optional = parts.optional ?? false;
    this.defaultValue = parts.defaultValue ?? null;
    this.name = parts.name ?? null;
    this.version = parts.version ?? null;
    this.doc = parts.doc ?? null;
    this.parameters = parts.parameters ? Object.freeze({ ...parts.parameters }) : null;
    this.fields = Object.freeze((parts.fields ?? []).map((f, index) => Object.freeze({ ...f, index })));
    this.keySchema = parts.keySchema ?? null;
    this.valueSchema = parts.valueSchema ?? null;
    this.#byName = new Map(this.fields.map((f) => [f.name, f]));
    Object.freeze(this);
  }

  field(name: string): Field | undefined {
    return this.#byName.get(name);
  }

  equals(other: Schema | null | undefined): boolean {
    if (other === this) return true;
    if (!other) return false;
    return (
      this.type === other.type &&
      this.optional === other.optional &&
      this.name === other.name &&
      this.version === other.version &&
      this.doc === other.doc &&
      valuesEqual(this.parameters, other.parameters) &&
      valuesEqual(this.defaultValue, other.defaultValue) &&
      schemasEqual(this.keySchema, other.keySchema) &&
      schemasEqual(this.valueSchema, other.valueSchema) &&
      this.fields.length === other.fields.length &&
      this.fields.every((f, i) => {
        const o = other.fields[i];
        return o !== undefined && f.name === o.name && f.schema.equals(o.schema);
      })
    );
  }

  toString(): string {
    return this.name ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

/** Null-safe schema equality: two `null`s are equal (both schemaless). */
export function schemasEqual(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  return a.equals(b);
}
