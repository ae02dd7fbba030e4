import { ConfigDef, ConfigError, type ParsedConfig, type Schema, type SinkRecord, Struct } from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { requireMap, requireStruct } from './shared/requirements.js';
import { copySchemaBasics, SchemaCache } from './shared/schema-copy.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'field replacement';

function definition() {
  return new ConfigDef()
    .define('exclude', {
      type: 'list',
      default: '',
      doc: 'Fields to exclude. This takes precedence over the fields to include.',
    })
    .define('include', {
      type: 'list',
      default: '',
      doc: 'Fields to include. If specified, only these fields will be used.',
    })
    .define('renames', { type: 'list', default: '', doc: 'Field rename mappings, as `old:new` pairs.' })
    .define('blacklist', { type: 'list', default: null, doc: 'Deprecated: use exclude.' })
    .define('whitelist', { type: 'list', default: null, doc: 'Deprecated: use include.' })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `ReplaceField`: keeps only `include`d fields (all when empty), drops `exclude`d ones
 * and renames with `renames=old:new,…`; `blacklist` / `whitelist` are the old names of
 * `exclude` / `include` (Kafka 3.x; removed in 4.0), read only when the new name is not set,
 * as Kafka 3.x translated them. A Struct's fields read as their defaults unless
 * `replace.null.with.default=false`.
 */
export abstract class ReplaceField extends SideTransformation<Config> {
  #exclude = new Set<string>();
  #include = new Set<string>();
  #renames = new Map<string, string>();
  #replaceNullWithDefault = true;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    const exclude = config.get('exclude');
    const include = config.get('include');
    this.#exclude = new Set(exclude.length > 0 ? exclude : (config.get('blacklist') ?? []));
    this.#include = new Set(include.length > 0 ? include : (config.get('whitelist') ?? []));
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
    this.#renames = new Map();
    for (const pair of config.get('renames')) {
      const parts = pair.split(':');
      if (parts.length !== 2 || !parts[0] || !parts[1])
        throw new ConfigError({
          key: 'renames',
          value: config.get('renames').join(','),
          reason: `invalid rename mapping: ${pair} (expected old:new)`,
        });
      this.#renames.set(parts[0], parts[1]);
    }
  }

  #keeps(name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name));
  }

  #renamed(name: string): string {
    return this.#renames.get(name) ?? name;
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    const updated: Record<string, unknown> = {};
    for (const [name, fieldValue] of Object.entries(requireMap(value, PURPOSE, record)))
      if (this.#keeps(name)) updated[this.#renamed(name)] = fieldValue;
    return updated;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = requireStruct(value, PURPOSE, record);
    const updatedSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s);
      for (const field of s.fields) if (this.#keeps(field.name)) builder.field(this.#renamed(field.name), field.schema);
      return builder.build();
    });
    const updated = new Struct(updatedSchema);
    for (const field of schema.fields)
      if (this.#keeps(field.name))
        updated.put(
          this.#renamed(field.name),
          this.#replaceNullWithDefault ? struct.get(field.name) : struct.getWithoutDefault(field.name),
        );
    return [updatedSchema, updated];
  }
}

/** `org.apache.kafka.connect.transforms.ReplaceField$Key` */
export class ReplaceFieldKey extends ReplaceField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.ReplaceField$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.ReplaceField$Value` */
export class ReplaceFieldValue extends ReplaceField {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.ReplaceField$Value';
  protected readonly side: RecordSide = 'value';
}
