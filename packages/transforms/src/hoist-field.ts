import {
  ConfigDef,
  nonEmpty,
  type ParsedConfig,
  type Schema,
  SchemaBuilder,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { SchemaCache } from './shared/schema-copy.js';
import { SideTransformation } from './shared/side-transformation.js';

function definition() {
  return new ConfigDef().define('field', {
    type: 'string',
    validators: [nonEmpty()],
    doc: 'Field name for the single field that will be created in the resulting Struct or Map.',
  });
}

type Config = ConfigValues<typeof definition>;

/** Kafka's `HoistField`: wraps the key or value in a Struct (with a schema) or a map with one field. */
export abstract class HoistField extends SideTransformation<Config> {
  #field = '';
  // Kafka hoists a null too (a tombstone becomes a struct with a null field).
  protected override readonly passesNull = false;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#field = config.get('field');
  }

  protected applySchemaless(value: unknown): unknown {
    return { [this.#field]: value };
  }

  protected applyWithSchema(schema: Schema, value: unknown, _record: SinkRecord): [Schema, unknown] {
    const updatedSchema = this.#schemas.get(schema, (s) => SchemaBuilder.struct().field(this.#field, s).build());
    return [updatedSchema, new Struct(updatedSchema).put(this.#field, value)];
  }
}

/** `org.apache.kafka.connect.transforms.HoistField$Key` */
export class HoistFieldKey extends HoistField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.HoistField$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.HoistField$Value` */
export class HoistFieldValue extends HoistField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.HoistField$Value';
  protected readonly side: RecordSide = 'value';
}
