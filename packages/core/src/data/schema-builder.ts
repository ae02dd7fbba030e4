import { DataError } from '../errors/data-error.js';
import { ConnectSchema, type SchemaParts } from './connect-schema.js';
import type { Schema } from './schema.js';
import { isPrimitiveType, type SchemaType } from './schema-type.js';
import { findValueProblem } from './validate-value.js';

/**
 * Fluent construction of a {@link Schema}, like Connect's `SchemaBuilder`:
 *
 * ```ts
 * const person = SchemaBuilder.struct().name('com.example.Person')
 *   .field('name', Schema.STRING_SCHEMA)
 *   .field('age', SchemaBuilder.int32().optional().build())
 *   .build();
 * ```
 *
 * Each property can be set once (a second `name(...)` throws, catching copy-paste slips), and
 * `build()` checks the default value against the finished schema. Misuse throws a
 * {@link DataError} with code `SCHEMA_INVALID`.
 */
export class SchemaBuilder {
  readonly #type: SchemaType;
  #optional: boolean | undefined;
  #defaultValue: unknown;
  #name: string | undefined;
  #version: number | undefined;
  #doc: string | undefined;
  #parameters: Record<string, string> | undefined;
  readonly #fields = new Map<string, Schema>();
  readonly #keySchema: Schema | null;
  readonly #valueSchema: Schema | null;

  constructor(type: SchemaType, keySchema: Schema | null = null, valueSchema: Schema | null = null) {
    this.#type = type;
    this.#keySchema = keySchema;
    this.#valueSchema = valueSchema;
  }

  static int8 = () => new SchemaBuilder('INT8');
  static int16 = () => new SchemaBuilder('INT16');
  static int32 = () => new SchemaBuilder('INT32');
  static int64 = () => new SchemaBuilder('INT64');
  static float32 = () => new SchemaBuilder('FLOAT32');
  static float64 = () => new SchemaBuilder('FLOAT64');
  static bool = () => new SchemaBuilder('BOOLEAN');
  static string = () => new SchemaBuilder('STRING');
  static bytes = () => new SchemaBuilder('BYTES');
  static struct = () => new SchemaBuilder('STRUCT');
  /** An ARRAY whose elements follow `valueSchema`. */
  static array = (valueSchema: Schema) => new SchemaBuilder('ARRAY', null, valueSchema);
  /** A MAP from `keySchema` keys to `valueSchema` values. */
  static map = (keySchema: Schema, valueSchema: Schema) => new SchemaBuilder('MAP', keySchema, valueSchema);
  /** A builder for a primitive type chosen at run time (ARRAY/MAP need their nested schemas). */
  static type(type: SchemaType): SchemaBuilder {
    if (!isPrimitiveType(type) && type !== 'STRUCT')
      fail(`SchemaBuilder.type cannot build ${type}; use ${type.toLowerCase()}(...)`);
    return new SchemaBuilder(type);
  }

  /** Accepts `null` as a value. */
  optional(): this {
    this.#optional = set(this.#optional, true, 'optional');
    return this;
  }
  /** Rejects `null` (the default; for explicitness). */
  required(): this {
    this.#optional = set(this.#optional, false, 'optional');
    return this;
  }
  /** Value used when a struct field is left unset; checked against the schema in `build()`. */
  defaultValue(value: unknown): this {
    this.#defaultValue = set(this.#defaultValue, value, 'defaultValue');
    return this;
  }
  name(name: string): this {
    this.#name = set(this.#name, name, 'name');
    return this;
  }
  version(version: number): this {
    if (!Number.isInteger(version)) fail(`schema version must be an integer, got ${version}`);
    this.#version = set(this.#version, version, 'version');
    return this;
  }
  doc(doc: string): this {
    this.#doc = set(this.#doc, doc, 'doc');
    return this;
  }
  /** Adds one string parameter (parameters may be added repeatedly). */
  parameter(key: string, value: string): this {
    this.#parameters = { ...this.#parameters, [key]: value };
    return this;
  }
  /** Adds several string parameters. */
  parameters(parameters: Readonly<Record<string, string>>): this {
    this.#parameters = { ...this.#parameters, ...parameters };
    return this;
  }
  /** Appends a field to a STRUCT schema; names must be unique. */
  field(name: string, schema: Schema): this {
    if (this.#type !== 'STRUCT') fail(`cannot add field ${JSON.stringify(name)} to a ${this.#type} schema`);
    if (!name) fail('field name must not be empty');
    if (this.#fields.has(name)) fail(`duplicate field ${JSON.stringify(name)}`);
    this.#fields.set(name, schema);
    return this;
  }

  /** The immutable schema; throws if the default value does not fit it. */
  build(): Schema {
    const parts: SchemaParts = {
      type: this.#type,
      optional: this.#optional ?? false,
      name: this.#name ?? null,
      version: this.#version ?? null,
      doc: this.#doc ?? null,
      parameters: this.#parameters ?? null,
      fields: [...this.#fields].map(([name, schema]) => ({ name, schema })),
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema,
    };
    const bare = new ConnectSchema(parts);
    if (this.#defaultValue === undefined || this.#defaultValue === null) return bare;
    // Checked against the schema *without* the default, as Connect does when the default is set:
    // a struct default carries that schema, and schema equality includes the default.
    const problem = findValueProblem(bare, this.#defaultValue);
    if (problem) {
      const where = problem.path ? ` at ${JSON.stringify(problem.path)}` : '';
      fail(`invalid default value for ${bare}${where}: ${problem.reason}`);
    }
    return new ConnectSchema({ ...parts, defaultValue: this.#defaultValue });
  }
}

function set<T>(current: T | undefined, next: T, what: string): T {
  if (current !== undefined) fail(`${what} has already been set`);
  return next;
}

function fail(reason: string): never {
  throw new DataError(`Invalid SchemaBuilder call: ${reason}`, { code: 'SCHEMA_INVALID' });
}
