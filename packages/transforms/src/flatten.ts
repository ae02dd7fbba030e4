import { ConfigDef, type ParsedConfig, type Schema, SchemaBuilder, type SinkRecord, Struct } from '@sinkkit/core';
import type { ConfigValues } from './shared/configured-plugin.js';
import { describeValue, inferSchemaType } from './shared/infer-type.js';
import type { RecordSide } from './shared/record-side.js';
import { recordError, requireMap, requireStruct } from './shared/requirements.js';
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

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `Flatten`: nested structs (or nested maps, schemaless) become top-level fields named
 * `parent<delimiter>child`; arrays are kept as they are, even when they hold structs. With a
 * schema, a MAP field is a data error, as in Kafka. A field becomes optional when any struct
 * above it is optional (the top-level one included), and takes its own default or else the
 * value its parent's default struct gives it. The flattened schema itself is never optional.
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
        if (child === null || child === undefined) {
          flat[key] = null;
          continue;
        }
        const type = inferSchemaType(child);
        if (type === null)
          throw recordError(
            record,
            `Flatten transformation was passed a value of type ${describeValue(child)} which is not supported by Connect's data API`,
          );
        if (type === 'MAP') walk(key, requireMap(child, PURPOSE, record));
        else if (type === 'STRUCT')
          throw recordError(
            record,
            `Flatten transformation does not support Struct for record without schemas (for field ${key}).`,
          );
        else flat[key] = child;
      }
    };
    walk('', requireMap(value, PURPOSE, record));
    return flat;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const struct = requireStruct(value, PURPOSE, record);
    const flatSchema = this.#schemas.get(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct(), { optional: false });
      this.#flattenSchema(builder, '', s, s.optional, asStruct(s.defaultValue), record);
      return builder.build();
    });
    const flat = new Struct(flatSchema);
    const walk = (prefix: string, from: Struct) => {
      for (const field of from.schema.fields) {
        const key = this.#name(prefix, field.name);
        const child = from.get(field.name);
        // A null nested struct leaves its fields unset, so they read as their (inherited) defaults.
        if (field.schema.type === 'STRUCT') {
          if (child !== null) walk(key, child as Struct);
        } else flat.put(key, child);
      }
    };
    walk('', struct);
    return [flatSchema, flat];
  }

  #flattenSchema(
    builder: SchemaBuilder,
    prefix: string,
    schema: Schema,
    optionalParent: boolean,
    parentDefault: Struct | null,
    record: SinkRecord,
  ): void {
    for (const field of schema.fields) {
      const key = this.#name(prefix, field.name);
      const optional = optionalParent || field.schema.optional;
      const inherited = parentDefault?.schema.field(field.name) ? parentDefault.get(field.name) : null;
      const defaultValue = field.schema.defaultValue ?? inherited ?? null;
      if (field.schema.type === 'STRUCT')
        this.#flattenSchema(builder, key, field.schema, optional, asStruct(defaultValue), record);
      else if (field.schema.type === 'MAP')
        throw recordError(
          record,
          `Flatten transformation does not support MAP for record with schemas (for field ${key}).`,
        );
      else builder.field(key, rebuildSchema(field.schema, { optional, defaultValue }));
    }
  }
}

function asStruct(value: unknown): Struct | null {
  return value instanceof Struct ? value : null;
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
