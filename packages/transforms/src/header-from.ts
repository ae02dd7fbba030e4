import {
  ConfigDef,
  ConfigError,
  nonEmpty,
  type ParsedConfig,
  type Schema,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';
import { type RecordSide, sideSchema, sideValue, withSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { recordError, requireMap, requireStruct } from './shared/requirements.js';
import { copySchemaBasics, SchemaCache } from './shared/schema-copy.js';

const PURPOSE = 'header ';

function definition() {
  return new ConfigDef()
    .define('fields', {
      type: 'list',
      validators: [nonEmpty()],
      doc: 'Field names in the record whose values are to be copied or moved to headers.',
    })
    .define('headers', {
      type: 'list',
      validators: [nonEmpty()],
      doc: 'Header names, in the same order as the field names listed in the fields configuration property.',
    })
    .define('operation', {
      type: 'enum',
      values: ['copy', 'move'],
      doc: 'Either move if the fields are to be moved to the headers (removed from the key/value), or copy if the fields are to be copied to the headers (retained in the key/value).',
    })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `HeaderFrom`: copies or moves fields of the key or value into headers (with the
 * field's schema, or schemaless). A named field the value does not have is a data error.
 * Struct fields read as their defaults unless `replace.null.with.default=false`; a schemaless
 * field the map lacks becomes a null header, as in Kafka.
 */
export abstract class HeaderFrom extends BaseTransformation<Config> {
  protected abstract readonly side: RecordSide;
  #pairs: [field: string, header: string][] = [];
  #move = false;
  #replaceNullWithDefault = true;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    const fields = config.get('fields');
    const headers = config.get('headers');
    if (fields.length !== headers.length)
      throw new ConfigError({
        key: 'headers',
        value: headers.join(','),
        reason: `'fields' config must have the same number of elements as 'headers' config (${fields.length} fields)`,
      });
    this.#pairs = fields.map((field, i) => [field, headers[i] as string]);
    this.#move = config.get('operation') === 'move';
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
  }

  apply(record: SinkRecord): SinkRecord {
    const value = sideValue(record, this.side);
    if (value === null) return record;
    const schema = sideSchema(record, this.side);
    const headers = record.headers.duplicate();
    const moved = new Set(this.#pairs.map(([field]) => field));
    if (schema === null) {
      const map = requireMap(value, `${PURPOSE}${this.#move ? 'move' : 'copy'}`, record);
      for (const [field, header] of this.#pairs) headers.add(header, map[field] ?? null);
      if (!this.#move) return record.newRecord({ headers });
      const rest = Object.fromEntries(Object.entries(map).filter(([name]) => !moved.has(name)));
      return withSide(record, this.side, null, rest).newRecord({ headers });
    }
    const struct = requireStruct(value, `${PURPOSE}${this.#move ? 'move' : 'copy'}`, record);
    for (const [field, header] of this.#pairs) {
      const f = schema.field(field);
      if (!f) throw recordError(record, `Field ${field} not found in schema ${schema}`);
      headers.add(header, this.#read(struct, field), f.schema);
    }
    if (!this.#move) return record.newRecord({ headers });
    const restSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s);
      for (const f of s.fields) if (!moved.has(f.name)) builder.field(f.name, f.schema);
      return builder.build();
    });
    const rest = new Struct(restSchema);
    for (const f of restSchema.fields) rest.put(f.name, this.#read(struct, f.name));
    return withSide(record, this.side, restSchema as Schema, rest).newRecord({ headers });
  }

  #read(struct: Struct, field: string): unknown {
    return this.#replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field);
  }
}

/** `org.apache.kafka.connect.transforms.HeaderFrom$Key` */
export class HeaderFromKey extends HeaderFrom {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.HeaderFrom$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.HeaderFrom$Value` */
export class HeaderFromValue extends HeaderFrom {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.HeaderFrom$Value';
  protected readonly side: RecordSide = 'value';
}
