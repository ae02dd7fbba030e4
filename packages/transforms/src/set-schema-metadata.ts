import { ConfigDef, ConfigError, type ParsedConfig, type Schema, type SinkRecord, Struct } from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { recordError } from './shared/requirements.js';
import { SchemaCache } from './shared/schema-copy.js';
import { rebuildSchema } from './shared/schema-rebuild.js';
import { SideTransformation } from './shared/side-transformation.js';
import { copyStruct } from './shared/struct-copy.js';

function definition() {
  return new ConfigDef()
    .define('schema.name', { type: 'string', default: null, doc: 'Schema name to set.' })
    .define('schema.version', { type: 'int', default: null, doc: 'Schema version to set.' })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `SetSchemaMetadata`: sets the name and/or version of the key or value schema. A Struct
 * value is re-bound to the renamed schema (only the top-level Struct, as in Kafka; nested
 * structs keep their schemas); a schemaless record is a data error and a null value with a
 * schema gets the new schema, as in Kafka.
 */
export abstract class SetSchemaMetadata extends SideTransformation<Config> {
  #name: string | null = null;
  #version: number | null = null;
  #replaceNullWithDefault = true;
  protected override readonly passesNull = false;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#name = config.get('schema.name');
    this.#version = config.get('schema.version');
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
    if (this.#name === null && this.#version === null)
      throw new ConfigError({ key: 'schema.name', reason: 'Neither schema name nor version configured' });
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    if (value === null) return null;
    throw recordError(record, 'Schema required for [updating schema metadata]');
  }

  protected applyWithSchema(schema: Schema, value: unknown): [Schema, unknown] {
    const updated = this.#schemas.get(schema, (s) =>
      rebuildSchema(s, { name: this.#name ?? s.name, version: this.#version ?? s.version }),
    );
    return [updated, value instanceof Struct ? copyStruct(value, updated, this.#replaceNullWithDefault) : value];
  }
}

/** `org.apache.kafka.connect.transforms.SetSchemaMetadata$Key` */
export class SetSchemaMetadataKey extends SetSchemaMetadata {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.SetSchemaMetadata$Value` */
export class SetSchemaMetadataValue extends SetSchemaMetadata {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value';
  protected readonly side: RecordSide = 'value';
}
