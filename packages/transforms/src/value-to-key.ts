import {
  ConfigDef,
  nonEmpty,
  type ParsedConfig,
  type Schema,
  SchemaBuilder,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { recordError, requireMap, requireStruct } from './shared/requirements.js';
import { SchemaCache } from './shared/schema-copy.js';

const PURPOSE = 'copying fields from value to key';

function definition() {
  return new ConfigDef()
    .define('fields', {
      type: 'list',
      validators: [nonEmpty()],
      doc: 'Field names on the record value to extract as the record key.',
    })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `ValueToKey`: the key becomes a Struct (or map) of the named fields of the value; a
 * null field reads as its default unless `replace.null.with.default=false`.
 */
export class ValueToKey extends BaseTransformation<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.ValueToKey';
  #fields: readonly string[] = [];
  #replaceNullWithDefault = true;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#fields = config.get('fields');
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
  }

  apply(record: SinkRecord): SinkRecord {
    if (record.value === null) return record;
    const schema = record.valueSchema;
    if (schema === null) {
      const value = requireMap(record.value, PURPOSE, record);
      const key = Object.fromEntries(this.#fields.map((f) => [f, value[f] ?? null]));
      return record.newRecord({ key, keySchema: null });
    }
    const value = requireStruct(record.value, PURPOSE, record);
    const keySchema = this.#schemas.get(schema, (s) => this.#keySchema(s, record));
    const key = new Struct(keySchema);
    for (const f of this.#fields) key.put(f, this.#replaceNullWithDefault ? value.get(f) : value.getWithoutDefault(f));
    return record.newRecord({ key, keySchema });
  }

  #keySchema(valueSchema: Schema, record: SinkRecord): Schema {
    const builder = SchemaBuilder.struct();
    for (const name of this.#fields) {
      const field = valueSchema.field(name);
      if (!field) throw recordError(record, `Field does not exist: ${name}`);
      builder.field(name, field.schema);
    }
    return builder.build();
  }
}
