import {
  ConfigDef,
  ConfigError,
  Decimal,
  LogicalNames,
  nonEmpty,
  type ParsedConfig,
  type Schema,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { copyMap, recordError, requireStruct } from './shared/requirements.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'mask fields';

function definition() {
  return new ConfigDef()
    .define('fields', { type: 'list', validators: [nonEmpty()], doc: 'Names of fields to mask.' })
    .define('replacement', {
      type: 'string',
      default: null,
      doc: 'Custom value replacement, applied to all `fields` values (numeric or non-empty string values only).',
    })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/** The kinds of value Kafka's MaskField knows how to mask. */
type Kind = 'boolean' | 'int' | 'long' | 'float' | 'string' | 'decimal' | 'date' | 'array' | 'map' | 'bytes' | 'struct';

/**
 * Kafka's `MaskField`: replaces the named fields with the empty value of their type (`false`,
 * `0`, `""`, the epoch, an empty array or map), or with `replacement` parsed as the field's type
 * (numbers and strings only, as in Kafka). Other types (bytes, structs) cannot be masked: data error.
 * The mask follows the value's own type, as Kafka's does: a schemaless JS number is a double
 * (so `replacement=1.5` fits it) and a bigint a long. A null field stays null; a field of a
 * Struct reads as its default first unless `replace.null.with.default=false`.
 */
export abstract class MaskField extends SideTransformation<Config> {
  #fields = new Set<string>();
  #replacement: string | null = null;
  #replaceNullWithDefault = true;

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#fields = new Set(config.get('fields'));
    const replacement = config.get('replacement');
    if (replacement === '')
      throw new ConfigError({ key: 'replacement', value: '', reason: 'String must be non-empty' });
    this.#replacement = replacement;
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    const updated: Record<string, unknown> = copyMap(value, PURPOSE, record);
    // As in Kafka, a named field the map lacks is added as null.
    for (const name of this.#fields) updated[name] = this.#masked(kindOfValue(updated[name]), updated[name], record);
    return updated;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = requireStruct(value, PURPOSE, record);
    const updated = new Struct(schema);
    for (const field of schema.fields) {
      const original = this.#replaceNullWithDefault ? struct.get(field.name) : struct.getWithoutDefault(field.name);
      const masked = this.#fields.has(field.name) && original !== null;
      updated.put(field.name, masked ? this.#masked(kindOfSchema(field.schema), original, record) : original);
    }
    return [schema, updated];
  }

  #masked(kind: Kind | null, value: unknown, record: SinkRecord): unknown {
    if (value === null || value === undefined) return value ?? null;
    const replacement = this.#replacement;
    if (replacement === null) {
      const empty = kind ? EMPTY[kind] : undefined;
      if (empty === undefined) throw recordError(record, `Cannot mask value of type ${kind ?? typeof value}`);
      return kind === 'decimal' ? withScale(empty() as Decimal, (value as Decimal).scale) : empty();
    }
    const parse = kind ? REPLACE[kind] : undefined;
    if (parse === undefined)
      throw recordError(record, `Cannot mask value of type ${kind ?? typeof value} with custom replacement`);
    try {
      const parsed = parse(replacement);
      return kind === 'decimal' ? withScale(parsed as Decimal, (value as Decimal).scale) : parsed;
    } catch {
      throw recordError(record, `Unable to convert ${replacement} (String) to number`);
    }
  }
}

const EMPTY: Partial<Record<Kind, () => unknown>> = {
  boolean: () => false,
  int: () => 0,
  long: () => 0n,
  float: () => 0,
  string: () => '',
  decimal: () => Decimal.parse('0'),
  date: () => new Date(0),
  array: () => [],
  map: () => ({}),
};

/** `decimal` at `scale` (the masked field's), or an error when that would lose digits. */
function withScale(decimal: Decimal, scale: number): Decimal {
  const shift = scale - decimal.scale;
  if (shift >= 0) return new Decimal(decimal.unscaled * 10n ** BigInt(shift), scale);
  const divisor = 10n ** BigInt(-shift);
  if (decimal.unscaled % divisor !== 0n) throw new Error('the replacement has more digits than the field');
  return new Decimal(decimal.unscaled / divisor, scale);
}

function strictNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error('not a number');
  return n;
}

const REPLACE: Partial<Record<Kind, (text: string) => unknown>> = {
  int: (text) => {
    const n = strictNumber(text);
    if (!Number.isInteger(n)) throw new Error('not an integer');
    return n;
  },
  long: (text) => BigInt(text.trim()),
  float: strictNumber,
  string: (text) => text,
  decimal: (text) => Decimal.parse(text.trim()),
};

function kindOfSchema(schema: Schema): Kind {
  if (schema.name === LogicalNames.DECIMAL) return 'decimal';
  if (schema.name === LogicalNames.DATE || schema.name === LogicalNames.TIME || schema.name === LogicalNames.TIMESTAMP)
    return 'date';
  switch (schema.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT8':
    case 'INT16':
    case 'INT32':
      return 'int';
    case 'INT64':
      return 'long';
    case 'FLOAT32':
    case 'FLOAT64':
      return 'float';
    case 'STRING':
      return 'string';
    case 'ARRAY':
      return 'array';
    case 'MAP':
      return 'map';
    case 'BYTES':
      return 'bytes';
    default:
      return 'struct';
  }
}

function kindOfValue(value: unknown): Kind | null {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return 'long';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'string';
  if (value instanceof Decimal) return 'decimal';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Map || (typeof value === 'object' && value !== null)) return 'map';
  return null;
}

/** `org.apache.kafka.connect.transforms.MaskField$Key` */
export class MaskFieldKey extends MaskField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.MaskField$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.MaskField$Value` */
export class MaskFieldValue extends MaskField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.MaskField$Value';
  protected readonly side: RecordSide = 'value';
}
