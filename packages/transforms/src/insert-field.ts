import {
  ConfigDef,
  ConfigError,
  type ParsedConfig,
  Schema,
  type SinkRecord,
  Struct,
  TimestampSchema,
} from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { copyMap, requireStruct } from './shared/requirements.js';
import { copySchemaBasics, SchemaCache } from './shared/schema-copy.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'field insertion';

function definition() {
  const field = (what: string) => ({
    type: 'string' as const,
    default: null,
    doc: `Field name for ${what}. Suffix with ! to make it a required field, or ? to keep it optional (the default).`,
  });
  return new ConfigDef()
    .define('topic.field', field('Kafka topic'))
    .define('partition.field', field('Kafka partition'))
    .define('offset.field', field('Kafka offset'))
    .define('timestamp.field', field('record timestamp'))
    .define('static.field', field('static data field'))
    .define('static.value', { type: 'string', default: null, doc: 'Static field value, if a static field is named.' })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

interface InsertedField {
  readonly name: string;
  readonly optional: boolean;
}

function insertedField(spec: string | null): InsertedField | null {
  if (spec === null || spec === '') return null;
  const last = spec.charAt(spec.length - 1);
  if (last === '!') return { name: spec.slice(0, -1), optional: false };
  if (last === '?') return { name: spec.slice(0, -1), optional: true };
  return { name: spec, optional: true };
}

/**
 * Kafka's `InsertField`: adds the record's topic, partition, offset and timestamp, and a static
 * value, as fields of the key or value. With a schema the fields are STRING, INT32, INT64,
 * Timestamp and STRING; schemaless, the offset and timestamp are integers (bigint).
 * As in Kafka, a tombstone passes unchanged, a record without a partition or timestamp gets no
 * such field (left null), and the copied fields read as their defaults unless
 * `replace.null.with.default=false`.
 */
export abstract class InsertField extends SideTransformation<Config> {
  #topic: InsertedField | null = null;
  #partition: InsertedField | null = null;
  #offset: InsertedField | null = null;
  #timestamp: InsertedField | null = null;
  #static: InsertedField | null = null;
  #staticValue: string | null = null;
  #replaceNullWithDefault = true;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#topic = insertedField(config.get('topic.field'));
    this.#partition = insertedField(config.get('partition.field'));
    this.#offset = insertedField(config.get('offset.field'));
    this.#timestamp = insertedField(config.get('timestamp.field'));
    this.#static = insertedField(config.get('static.field'));
    this.#staticValue = config.get('static.value');
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
    if (!this.#topic && !this.#partition && !this.#offset && !this.#timestamp && !this.#static)
      throw new ConfigError({ key: 'topic.field', value: '', reason: 'No field insertion configured' });
    if (this.#static && this.#staticValue === null)
      throw new ConfigError({
        key: 'static.value',
        value: '',
        reason: `No value specified for static field: ${this.#static.name}`,
      });
  }

  #entries(record: SinkRecord, schemaless: boolean): [InsertedField | null, unknown][] {
    const timestamp = record.timestamp;
    return [
      [this.#topic, record.topic],
      [this.#partition, record.kafkaPartition],
      [this.#offset, record.kafkaOffset],
      [this.#timestamp, timestamp === null ? null : schemaless ? BigInt(timestamp) : new Date(timestamp)],
      [this.#static, this.#staticValue],
    ];
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    const updated: Record<string, unknown> = copyMap(value, PURPOSE, record);
    for (const [field, fieldValue] of this.#entries(record, true))
      if (field && fieldValue !== null) updated[field.name] = fieldValue;
    return updated;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = requireStruct(value, PURPOSE, record);
    const updatedSchema = this.#schemas.get(schema, (s) => this.#updatedSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of schema.fields)
      updated.put(
        field.name,
        this.#replaceNullWithDefault ? struct.get(field.name) : struct.getWithoutDefault(field.name),
      );
    for (const [field, fieldValue] of this.#entries(record, false))
      if (field && fieldValue !== null) updated.put(field.name, fieldValue);
    return [updatedSchema, updated];
  }

  #updatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema);
    for (const field of schema.fields) builder.field(field.name, field.schema);
    const add = (field: InsertedField | null, required: Schema, optional: Schema) => {
      if (field) builder.field(field.name, field.optional ? optional : required);
    };
    add(this.#topic, Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA);
    add(this.#partition, Schema.INT32_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA);
    add(this.#offset, Schema.INT64_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA);
    add(this.#timestamp, TimestampSchema.SCHEMA, TimestampSchema.builder().optional().build());
    add(this.#static, Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA);
    return builder.build();
  }
}

/** `org.apache.kafka.connect.transforms.InsertField$Key` */
export class InsertFieldKey extends InsertField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.InsertField$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.InsertField$Value` */
export class InsertFieldValue extends InsertField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.InsertField$Value';
  protected readonly side: RecordSide = 'value';
}
