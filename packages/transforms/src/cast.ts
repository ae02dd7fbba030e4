import {
  ConfigDef,
  ConfigError,
  Decimal,
  isPrimitiveType,
  nonEmpty,
  type ParsedConfig,
  type Schema,
  SchemaBuilder,
  type SchemaType,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import type { RecordSide } from './shared/record-side.js';
import { recordError, requireMap, requireStruct } from './shared/requirements.js';
import { copySchemaBasics, SchemaCache } from './shared/schema-copy.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'cast types';
const TARGETS = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string'] as const;
type Target = (typeof TARGETS)[number];

function definition() {
  return new ConfigDef().define('spec', {
    type: 'list',
    validators: [nonEmpty()],
    doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string.',
  });
}

type Config = ReturnType<typeof definition> extends ConfigDef<infer V> ? V : never;

/**
 * Kafka's `Cast`: casts the whole key/value (`spec=int32`) or some of its fields
 * (`spec=a:int64,b:string`) to a primitive type, keeping optionality. Numbers narrow as Java's
 * casts do (wrapping), booleans are 1/0 and `x != 0`, strings parse strictly, bytes become
 * base64 text, Date/Time/Timestamp and Decimal become their ISO / plain text.
 */
export abstract class Cast extends SideTransformation<Config> {
  #whole: Target | null = null;
  #fields = new Map<string, Target>();
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    const spec = config.get('spec');
    const bad = (reason: string) => new ConfigError({ key: 'spec', value: spec.join(','), reason });
    const target = (text: string): Target => {
      const t = text.trim().toLowerCase() as Target;
      if (!TARGETS.includes(t)) throw bad(`invalid cast type ${JSON.stringify(text)}; valid: ${TARGETS.join(', ')}`);
      return t;
    };
    this.#fields = new Map();
    this.#whole = null;
    for (const item of spec) {
      const parts = item.split(':');
      if (parts.length === 1) {
        if (spec.length > 1) throw bad('cast of the whole value cannot be combined with field casts');
        this.#whole = target(item);
      } else if (parts.length === 2 && parts[0]) this.#fields.set(parts[0], target(parts[1] as string));
      else throw bad(`invalid cast mapping: ${item}`);
    }
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    if (this.#whole) return castValue(value, this.#whole, record);
    const updated: Record<string, unknown> = { ...requireMap(value, PURPOSE, record) };
    for (const [name, target] of this.#fields)
      if (Object.hasOwn(updated, name)) updated[name] = castValue(updated[name], target, record);
    return updated;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const whole = this.#whole;
    if (whole) {
      if (!isPrimitiveType(schema.type))
        throw recordError(record, `Cast of the whole value needs a primitive schema, got ${schema}`);
      return [targetSchema(whole, schema), castValue(value, whole, record, schema.type)];
    }
    const struct = requireStruct(value, PURPOSE, record);
    const updatedSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s);
      for (const field of s.fields) {
        const target = this.#fields.get(field.name);
        builder.field(field.name, target ? targetSchema(target, field.schema) : field.schema);
      }
      return builder.build();
    });
    const updated = new Struct(updatedSchema);
    for (const field of schema.fields) {
      const target = this.#fields.get(field.name);
      const fieldValue = struct.get(field.name);
      updated.put(field.name, target ? castValue(fieldValue, target, record, field.schema.type) : fieldValue);
    }
    return [updatedSchema, updated];
  }
}

function targetSchema(target: Target, from: Schema): Schema {
  const builder = SchemaBuilder.type(target.toUpperCase() as SchemaType);
  if (from.optional) builder.optional();
  return builder.build();
}

const INT_BITS: Partial<Record<Target, number>> = { int8: 8, int16: 16, int32: 32 };

/**
 * `value` cast to `target`, as Kafka's `Cast.castValueToType` does. `fromType` is the value's
 * schema type when it has one: a schemaless JS number is a floating-point value (schemaless
 * integers are bigints), so it prints as Java prints a double (`1.0`).
 */
function castValue(value: unknown, target: Target, record: SinkRecord, fromType?: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const fail = () =>
    recordError(record, `Unexpected type in Cast transformation: cannot cast ${describe(value)} to ${target}`);
  if (target === 'string') return castToString(value, fromType) ?? failWith(fail);
  if (target === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'bigint') return value !== 0n;
    if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
    throw fail();
  }
  const integer = toBigInt(value, target, record);
  if (target === 'int64') return integer ?? failWith(fail);
  if (target === 'float32' || target === 'float64') {
    const n = toNumber(value, record);
    if (n === null) throw fail();
    return target === 'float32' ? Math.fround(n) : n;
  }
  if (integer === null) throw fail();
  return Number(BigInt.asIntN(INT_BITS[target] as number, integer));
}

function failWith(fail: () => Error): never {
  throw fail();
}

function castToString(value: unknown, fromType: SchemaType | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    const floating = fromType === undefined || fromType === 'FLOAT32' || fromType === 'FLOAT64';
    return floating && Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Decimal) return decimalText(value);
  return null;
}

function decimalText(d: Decimal): string {
  if (d.scale <= 0) return (d.unscaled * 10n ** BigInt(-d.scale)).toString();
  const negative = d.unscaled < 0n;
  const digits = (negative ? -d.unscaled : d.unscaled).toString().padStart(d.scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
}

/** The integer a value casts to (Java's truncation toward zero), or `null` when it cannot. */
function toBigInt(value: unknown, target: Target, record: SinkRecord): bigint | null {
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
  if (value instanceof Decimal) return BigInt(decimalText(value).split('.')[0] as string);
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^[-+]?\d+$/.test(text)) throw recordError(record, `Cast: ${JSON.stringify(value)} is not a valid ${target}`);
    const n = BigInt(text);
    const bits = INT_BITS[target] ?? 64;
    if (BigInt.asIntN(bits, n) !== n) throw recordError(record, `Cast: ${value} is out of range for ${target}`);
    return n;
  }
  return null;
}

function toNumber(value: unknown, record: SinkRecord): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Decimal) return Number(decimalText(value));
  if (typeof value === 'string') {
    const n = Number(value.trim());
    if (value.trim() === '' || Number.isNaN(n))
      throw recordError(record, `Cast: ${JSON.stringify(value)} is not a number`);
    return n;
  }
  return null;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value instanceof Struct ? 'a Struct' : `a ${typeof value}`;
}

/** `org.apache.kafka.connect.transforms.Cast$Key` */
export class CastKey extends Cast {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Cast$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.Cast$Value` */
export class CastValue extends Cast {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Cast$Value';
  protected readonly side: RecordSide = 'value';
}
