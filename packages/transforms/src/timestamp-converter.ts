import {
  ConfigDef,
  ConfigError,
  DateSchema,
  LogicalNames,
  type ParsedConfig,
  type Schema,
  SchemaBuilder,
  type SinkRecord,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import { describeValue } from './shared/infer-type.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { copyMap, recordError, requireStruct } from './shared/requirements.js';
import { copySchemaBasics, SchemaCache } from './shared/schema-copy.js';
import { SideTransformation } from './shared/side-transformation.js';
import { SimpleDateFormat } from './shared/simple-date-format.js';

const PURPOSE = 'converting timestamp formats';
const TYPES = ['string', 'unix', 'Date', 'Time', 'Timestamp'] as const;
type TimestampKind = (typeof TYPES)[number];
const PRECISIONS = ['seconds', 'milliseconds', 'microseconds', 'nanoseconds'] as const;
type Precision = (typeof PRECISIONS)[number];
const MS_PER_DAY = 86_400_000;

function definition() {
  return new ConfigDef()
    .define('field', {
      type: 'string',
      default: '',
      doc: 'The field containing the timestamp, or empty if the entire value is a timestamp.',
    })
    .define('target.type', {
      type: 'enum',
      values: TYPES,
      doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp.',
    })
    .define('format', {
      type: 'string',
      default: '',
      doc: 'A SimpleDateFormat-compatible format for the timestamp (UTC). Used to generate the output when type=string or used to parse the input if the input is a string.',
    })
    .define('unix.precision', {
      type: 'enum',
      values: PRECISIONS,
      default: 'milliseconds',
      doc: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.',
    })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `TimestampConverter`: converts a timestamp (the whole key/value, or `field`) between
 * text in `format`, a Unix number in `unix.precision`, and Connect's Date, Time and Timestamp,
 * in UTC. Text that does not match `format` is a data error.
 *
 * As in Kafka, a null key/value still gets the target schema (optional when the old one was),
 * a struct schema's default is converted too, a `field` the schema lacks is left alone, and a
 * null field reads as its default unless `replace.null.with.default=false`. Unix values are
 * whole numbers (bigints); precision conversions truncate toward zero as `TimeUnit` does.
 */
export abstract class TimestampConverter extends SideTransformation<Config> {
  #field = '';
  #target: TimestampKind = 'Timestamp';
  #format: SimpleDateFormat | null = null;
  #precision: Precision = 'milliseconds';
  #replaceNullWithDefault = true;
  protected override readonly passesNull = false;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#field = config.get('field');
    this.#target = config.get('target.type');
    this.#precision = config.get('unix.precision');
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
    const format = config.get('format');
    this.#format = format === '' ? null : new SimpleDateFormat(format, 'format');
    if (this.#target === 'string' && this.#format === null)
      throw new ConfigError({
        key: 'format',
        value: format,
        reason: 'TimestampConverter requires format option to be specified when using string timestamps',
      });
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    if (value === null || this.#field === '')
      return value === null ? null : this.#convert(value, kindOfValue(value, record), record);
    const updated: Record<string, unknown> = copyMap(value, PURPOSE, record);
    const current = updated[this.#field] ?? null;
    updated[this.#field] = current === null ? null : this.#convert(current, kindOfValue(current, record), record);
    return updated;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    if (this.#field === '')
      return [this.#targetSchema(schema.optional), this.#convert(value, kindOfSchema(schema, record), record)];
    const struct = value === null ? null : requireStruct(value, PURPOSE, record);
    // A tombstone's schema too must be a struct to hold `field` (Kafka: "Cannot list fields on non-struct type").
    if (schema.type !== 'STRUCT') throw recordError(record, `Cannot list fields on non-struct type ${schema.type}`);
    const updatedSchema = this.#schemas.get(schema, (s) => {
      const builder = () => {
        const b = copySchemaBasics(s);
        for (const f of s.fields)
          b.field(f.name, f.name === this.#field ? this.#targetSchema(f.schema.optional) : f.schema);
        return b;
      };
      const fields = builder().build();
      if (!(s.defaultValue instanceof Struct)) return fields;
      return builder()
        .defaultValue(this.#convertStruct(s.defaultValue, fields, record))
        .build();
    });
    return [updatedSchema, struct === null ? null : this.#convertStruct(struct, updatedSchema, record)];
  }

  #convertStruct(struct: Struct, updatedSchema: Schema, record: SinkRecord): Struct {
    const updated = new Struct(updatedSchema);
    for (const f of struct.schema.fields) {
      const v = this.#replaceNullWithDefault ? struct.get(f.name) : struct.getWithoutDefault(f.name);
      updated.put(f.name, f.name === this.#field ? this.#convert(v, kindOfSchema(f.schema, record), record) : v);
    }
    return updated;
  }

  #targetSchema(optional: boolean): Schema {
    const builder = {
      string: () => SchemaBuilder.string(),
      unix: () => SchemaBuilder.int64(),
      Date: () => DateSchema.builder(),
      Time: () => TimeSchema.builder(),
      Timestamp: () => TimestampSchema.builder(),
    }[this.#target]();
    return (optional ? builder.optional() : builder).build();
  }

  #convert(value: unknown, from: TimestampKind, record: SinkRecord): unknown {
    if (value === null || value === undefined) return null;
    const date = this.#toDate(value, from, record);
    switch (this.#target) {
      case 'string':
        return (this.#format as SimpleDateFormat).format(date);
      case 'unix':
        return fromMillis(date.getTime(), this.#precision);
      case 'Date':
        return new Date(Math.floor(date.getTime() / MS_PER_DAY) * MS_PER_DAY);
      case 'Time':
        return new Date(((date.getTime() % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
      default:
        return date;
    }
  }

  #toDate(value: unknown, from: TimestampKind, record: SinkRecord): Date {
    const expected = (what: string) => recordError(record, `Expected ${what}, but found ${describeValue(value)}`);
    if (from === 'string') {
      if (typeof value !== 'string') throw expected('string timestamp to be a String');
      if (this.#format === null)
        throw recordError(
          record,
          'TimestampConverter requires format option to be specified when using string timestamps',
        );
      const parsed = this.#format.parse(value as string);
      if (parsed === null || Number.isNaN(parsed.getTime()))
        throw recordError(
          record,
          `Could not parse timestamp: value (${value}) does not match pattern (${this.#format.pattern})`,
        );
      return parsed;
    }
    if (from === 'unix') {
      if (typeof value !== 'bigint') throw expected('Unix timestamp to be a Long');
      return new Date(toMillis(value, this.#precision));
    }
    if (!(value instanceof Date)) throw expected(`${from} to be a java.util.Date`);
    return value;
  }
}

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/** `TimeUnit.X.toMillis`: divisions truncate toward zero, multiplications saturate at the long range. */
function toMillis(unix: bigint, precision: Precision): number {
  if (precision === 'seconds') return Number(saturate(unix * 1000n));
  return Number(precision === 'milliseconds' ? unix : unix / (precision === 'microseconds' ? 1000n : 1_000_000n));
}

/** `TimeUnit.MILLISECONDS.toX`, truncating and saturating the same way. */
function fromMillis(ms: number, precision: Precision): bigint {
  const big = BigInt(ms);
  if (precision === 'seconds') return big / 1000n;
  return saturate(big * { milliseconds: 1n, microseconds: 1000n, nanoseconds: 1_000_000n }[precision]);
}

function saturate(n: bigint): bigint {
  return n > LONG_MAX ? LONG_MAX : n < LONG_MIN ? LONG_MIN : n;
}

function kindOfSchema(schema: Schema, record: SinkRecord): TimestampKind {
  if (schema.name === LogicalNames.TIMESTAMP) return 'Timestamp';
  if (schema.name === LogicalNames.DATE) return 'Date';
  if (schema.name === LogicalNames.TIME) return 'Time';
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw recordError(record, `Schema ${schema} does not correspond to a known timestamp type format`);
}

function kindOfValue(value: unknown, record: SinkRecord): TimestampKind {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'string') return 'string';
  // Kafka infers unix only from a Long: a JS number is a double, as a Java Double is refused.
  if (typeof value === 'bigint') return 'unix';
  throw recordError(record, `TimestampConverter does not support ${describeValue(value)} objects as timestamps`);
}

/** `org.apache.kafka.connect.transforms.TimestampConverter$Key` */
export class TimestampConverterKey extends TimestampConverter {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.TimestampConverter$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.TimestampConverter$Value` */
export class TimestampConverterValue extends TimestampConverter {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.TimestampConverter$Value';
  protected readonly side: RecordSide = 'value';
}
