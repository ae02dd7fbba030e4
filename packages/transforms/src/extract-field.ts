import { ConfigDef, nonEmpty, type ParsedConfig, type Schema, type SinkRecord } from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { recordError, requireMap, requireStruct } from './shared/requirements.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'field extraction';

function definition() {
  return new ConfigDef()
    .define('field', {
      type: 'string',
      validators: [nonEmpty()],
      doc: 'Field name to extract.',
    })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `ExtractField`: replaces the key or value with one of its fields (a missing field of
 * a schemaless map gives `null`; a field the schema does not have is a data error).
 * Field names are taken whole (Kafka's `field.syntax.version=V1`); nested paths are not supported.
 * As in Kafka, a null key/value with a schema becomes null with the field's schema, and a null
 * field reads as its default unless `replace.null.with.default=false`.
 */
export abstract class ExtractField extends SideTransformation<Config> {
  #field = '';
  #replaceNullWithDefault = true;
  protected override readonly passesNull = false;

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#field = config.get('field');
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    return value === null ? null : (requireMap(value, PURPOSE, record)[this.#field] ?? null);
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = value === null ? null : requireStruct(value, PURPOSE, record);
    const field = schema.field(this.#field);
    if (!field) throw recordError(record, `Unknown field: ${this.#field}`);
    if (struct === null) return [field.schema, null];
    return [
      field.schema,
      this.#replaceNullWithDefault ? struct.get(this.#field) : struct.getWithoutDefault(this.#field),
    ];
  }
}

/** `org.apache.kafka.connect.transforms.ExtractField$Key` */
export class ExtractFieldKey extends ExtractField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.ExtractField$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.ExtractField$Value` */
export class ExtractFieldValue extends ExtractField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.ExtractField$Value';
  protected readonly side: RecordSide = 'value';
}
