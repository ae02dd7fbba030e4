import { ConfigDef, type ParsedConfig, type Schema, SchemaBuilder, type SinkRecord, Struct } from '@sinkkit/core';
import type { RecordSide } from './shared/record-side.js';
import { isSchemalessMap, requireMap, requireStruct } from './shared/requirements.js';
import { copySchemaBasics, SchemaCache } from './shared/schema-copy.js';
import { rebuildSchema } from './shared/schema-rebuild.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'flattening';

function definition() {
  return new ConfigDef().define('delimiter', {
    type: 'string',
    default: '.',
    doc: 'Delimiter to insert between field names from the input record when generating field names for the output record.',
  });
}

type Config = ReturnType<typeof definition> extends ConfigDef<infer V> ? V : never;

/**
 * Kafka's `Flatten`: nested structs (or nested maps, schemaless) become top-level fields named
 * `parent<delimiter>child`. Arrays and maps with a schema are kept as they are, as in Kafka;
 * a field inside an optional struct becomes optional.
 */
export abstract class Flatten extends SideTransformation<Config> {
  #delimiter = '.';
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#delimiter = config.get('delimiter');
  }

  #name(prefix: string, name: string): string {
    return prefix === '' ? name : `${prefix}${this.#delimiter}${name}`;
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    const flat: Record<string, unknown> = {};
    const walk = (prefix: string, map: Record<string, unknown>) => {
      for (const [name, child] of Object.entries(map)) {
        const key = this.#name(prefix, name);
        if (isSchemalessMap(child)) walk(key, child);
        else flat[key] = child;
      }
    };
    walk('', requireMap(value, PURPOSE, record));
    return flat;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = requireStruct(value, PURPOSE, record);
    const flatSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct());
      this.#flattenSchema(builder, '', s, false);
      return builder.build();
    });
    const flat = new Struct(flatSchema);
    const walk = (prefix: string, from: Struct | null, of: Schema) => {
      for (const field of of.fields) {
        const key = this.#name(prefix, field.name);
        const child = from === null ? null : from.get(field.name);
        if (field.schema.type === 'STRUCT') walk(key, child as Struct | null, field.schema);
        else flat.put(key, child);
      }
    };
    walk('', struct, schema);
    return [flatSchema, flat];
  }

  #flattenSchema(builder: SchemaBuilder, prefix: string, schema: Schema, optionalParent: boolean): void {
    for (const field of schema.fields) {
      const key = this.#name(prefix, field.name);
      const optional = optionalParent || field.schema.optional;
      if (field.schema.type === 'STRUCT') this.#flattenSchema(builder, key, field.schema, optional);
      else
        builder.field(
          key,
          optional === field.schema.optional ? field.schema : rebuildSchema(field.schema, { optional }),
        );
    }
  }
}

/** `org.apache.kafka.connect.transforms.Flatten$Key` */
export class FlattenKey extends Flatten {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Flatten$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.Flatten$Value` */
export class FlattenValue extends Flatten {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Flatten$Value';
  protected readonly side: RecordSide = 'value';
}
