import { ConfigDef, nonEmpty, type ParsedConfig, type Schema, type SinkRecord } from '@sinkkit/core';
import type { RecordSide } from './shared/record-side.js';
import { recordError, requireMap, requireStruct } from './shared/requirements.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'field extraction';

function definition() {
  return new ConfigDef().define('field', {
    type: 'string',
    validators: [nonEmpty()],
    doc: 'Field name to extract.',
  });
}

type Config = ReturnType<typeof definition> extends ConfigDef<infer V> ? V : never;

/**
 * Kafka's `ExtractField`: replaces the key or value with one of its fields (a missing field of
 * a schemaless map gives `null`; a field the schema does not have is a data error).
 * Field names are taken whole (Kafka's `field.syntax.version=V1`); nested paths are not supported.
 */
export abstract class ExtractField extends SideTransformation<Config> {
  #field = '';

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#field = config.get('field');
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    return requireMap(value, PURPOSE, record)[this.#field] ?? null;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = requireStruct(value, PURPOSE, record);
    const field = schema.field(this.#field);
    if (!field) throw recordError(record, `Unknown field: ${this.#field}`);
    return [field.schema, struct.get(this.#field)];
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
