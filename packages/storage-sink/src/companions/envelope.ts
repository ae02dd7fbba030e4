import { Schema, SchemaBuilder, type SinkRecord, Struct, TimestampSchema } from '@sinkkit/core';
import { HEADERS_SCHEMA, headerStructs, headerText, keySchemaOf, type RecordView, viewRecord } from './record-views.js';

/** What `format.output.fields` may list, in the order a record is usually read. */
export const OUTPUT_FIELDS = ['key', 'value', 'topic', 'partition', 'offset', 'timestamp', 'headers'] as const;
export type OutputField = (typeof OUTPUT_FIELDS)[number];

/** `format.output.fields` and `format.output.envelope`. */
export interface EnvelopeSettings {
  /** The fields written, in this order. */
  readonly fields: readonly OutputField[];
  /** Wrap the fields in a record; `false` only with one field, which is then written bare. */
  readonly envelope: boolean;
}

const OPTIONAL_TIMESTAMP = TimestampSchema.builder().optional().build();

function fieldSchema(field: OutputField, record: SinkRecord, valueSchema: Schema): Schema {
  switch (field) {
    // As they are: a Struct only fits a field of its very schema (an optional copy would not do).
    case 'key':
      return keySchemaOf(record) ?? Schema.OPTIONAL_STRING_SCHEMA;
    case 'value':
      return valueSchema;
    case 'topic':
      return Schema.STRING_SCHEMA;
    case 'partition':
      return Schema.INT32_SCHEMA;
    case 'offset':
      return Schema.INT64_SCHEMA;
    case 'timestamp':
      return OPTIONAL_TIMESTAMP;
    case 'headers':
      return HEADERS_SCHEMA;
  }
}

/**
 * A field's value. `typed`: for a record with a value schema (Connect values: a Date timestamp,
 * header structs, a schemaless object key as JSON text); otherwise plain data (milliseconds,
 * `{key, value}` objects). Topic and partition are where the record was consumed from, as in the
 * file's name; the offset is its Kafka offset.
 */
function fieldValue(field: OutputField, record: SinkRecord, typed: boolean): unknown {
  switch (field) {
    case 'key':
      return typed && keySchemaOf(record) === null ? headerText(record.key) : record.key;
    case 'value':
      return record.value;
    case 'topic':
      return record.originalTopic;
    case 'partition':
      return record.originalKafkaPartition;
    case 'offset':
      return record.kafkaOffset;
    case 'timestamp':
      if (record.timestamp === null) return null;
      return typed ? new Date(record.timestamp) : record.timestamp;
    case 'headers':
      return typed
        ? headerStructs(record.headers)
        : record.headers.toArray().map((h) => ({ key: h.key, value: headerText(h.value) }));
  }
}

/**
 * The envelope: each record becomes one holding the configured fields. With a value schema the
 * envelope has a Connect schema (`sinkkit.RecordEnvelope`, the value's schema nested in it, so
 * Avro and Parquet get a proper nested schema); a schemaless value gives a schemaless object.
 * One field with `envelope` false writes just that field.
 */
export function envelopeView(settings: EnvelopeSettings): RecordView {
  const { fields } = settings;
  const bare = !settings.envelope && fields.length === 1 ? fields[0] : undefined;
  // Keyed by value schema, then key schema: records of one file share both, so this is one lookup.
  const schemas = new WeakMap<Schema, Map<Schema | null, Schema>>();
  const schemaFor = (record: SinkRecord, valueSchema: Schema): Schema => {
    const byKey = schemas.get(valueSchema) ?? new Map<Schema | null, Schema>();
    schemas.set(valueSchema, byKey);
    const keySchema = keySchemaOf(record);
    let schema = byKey.get(keySchema);
    if (!schema) {
      const builder = SchemaBuilder.struct().name('sinkkit.RecordEnvelope');
      for (const field of fields) builder.field(field, fieldSchema(field, record, valueSchema));
      schema = builder.build();
      byKey.set(keySchema, schema);
    }
    return schema;
  };
  return (record) => {
    const valueSchema = record.valueSchema;
    if (bare !== undefined) {
      if (bare === 'value') return record;
      return valueSchema === null
        ? viewRecord(record, fieldValue(bare, record, false), null)
        : viewRecord(record, fieldValue(bare, record, true), fieldSchema(bare, record, valueSchema));
    }
    if (valueSchema === null) {
      const value: Record<string, unknown> = {};
      for (const field of fields) value[field] = fieldValue(field, record, false);
      return viewRecord(record, value, null);
    }
    const schema = schemaFor(record, valueSchema);
    const struct = new Struct(schema);
    for (const field of fields) struct.put(field, fieldValue(field, record, true));
    return viewRecord(record, struct, schema);
  };
}
