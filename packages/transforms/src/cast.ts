import {
  ConfigDef,
  ConfigError,
  LogicalNames,
  nonEmpty,
  type ParsedConfig,
  type Schema,
  SchemaBuilder,
  type SchemaType,
  type SinkRecord,
  Struct,
} from '@sinkkit/core';
import { CAST_TARGETS, type CastTarget, castValueToType } from './cast-value.js';
import type { ConfigValues } from './shared/configured-plugin.js';
import type { RecordSide } from './shared/record-side.js';
import { REPLACE_NULL_WITH_DEFAULT } from './shared/replace-null-with-default.js';
import { copyMap, requireStruct } from './shared/requirements.js';
import { SchemaCache } from './shared/schema-copy.js';
import { SideTransformation } from './shared/side-transformation.js';

const PURPOSE = 'cast types';
const SCHEMA_TYPES: readonly string[] = [...CAST_TARGETS, 'BYTES', 'ARRAY', 'MAP', 'STRUCT'];
const LOGICAL: readonly string[] = Object.values(LogicalNames);

function definition() {
  return new ConfigDef()
    .define('spec', {
      type: 'list',
      validators: [nonEmpty()],
      doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
    })
    .define('replace.null.with.default', REPLACE_NULL_WITH_DEFAULT);
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `Cast`: casts the whole key/value (`spec=int32`) or some top-level fields
 * (`spec=a:int64,b:string`) of a Struct or map. A cast field keeps its optionality and its
 * default (cast too); a null field of a Struct reads as its default unless
 * `replace.null.with.default=false`. Casts from the primitive types and BYTES (to string only);
 * see `cast-value.ts` for the conversions.
 */
export abstract class Cast extends SideTransformation<Config> {
  #whole: CastTarget | null = null;
  #fields = new Map<string, CastTarget>();
  #replaceNullWithDefault = true;
  readonly #schemas = new SchemaCache();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    const spec = config.get('spec');
    const bad = (reason: string) => new ConfigError({ key: 'spec', value: spec.join(','), reason });
    const target = (text: string): CastTarget => {
      const type = text.trim().toUpperCase();
      if (!SCHEMA_TYPES.includes(type)) throw bad(`Invalid type found in casting spec: ${text.trim()}`);
      if (!(CAST_TARGETS as readonly string[]).includes(type))
        throw bad(
          `Cast transformation does not support casting to ${type}; supported types are [${CAST_TARGETS.join(', ')}]`,
        );
      return type as CastTarget;
    };
    this.#fields = new Map();
    this.#whole = null;
    for (const item of spec) {
      // Java's String.split drops trailing empty parts: `a:` is the whole-value type `a`.
      const parts = item.split(':');
      while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
      if (parts.length > 2) throw bad(`Invalid rename mapping: ${item}`);
      if (parts.length === 1) this.#whole = target(parts[0] as string);
      else this.#fields.set((parts[0] as string).trim(), target(parts[1] as string));
    }
    if (this.#whole && spec.length > 1)
      throw bad(
        'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
      );
    this.#replaceNullWithDefault = config.get('replace.null.with.default');
  }

  protected applySchemaless(value: unknown, record: SinkRecord): unknown {
    if (this.#whole) return castValueToType(null, value, this.#whole, record);
    const updated: Record<string, unknown> = copyMap(value, PURPOSE, record);
    // As in Kafka, a field named in `spec` but absent from the map is added as null.
    for (const [name, target] of this.#fields) updated[name] = castValueToType(null, updated[name], target, record);
    return updated;
  }

  protected applyWithSchema(schema: Schema, value: unknown, record: SinkRecord): [Schema, unknown] {
    const updatedSchema = this.#schemas.get(schema, (s) => this.#buildSchema(s, record));
    const whole = this.#whole;
    if (whole) return [updatedSchema, castValueToType(schema, value, whole, record)];
    const struct = requireStruct(value, PURPOSE, record);
    const updated = new Struct(updatedSchema);
    for (const field of schema.fields) {
      const target = this.#fields.get(field.name);
      const fieldValue = this.#replaceNullWithDefault ? struct.get(field.name) : struct.getWithoutDefault(field.name);
      updated.put(field.name, target ? castValueToType(field.schema, fieldValue, target, record) : fieldValue);
    }
    return [updatedSchema, updated];
  }

  #buildSchema(schema: Schema, record: SinkRecord): Schema {
    const whole = this.#whole;
    if (whole) return castSchema(schema, whole, record, true);
    const builder = SchemaBuilder.struct();
    copyBasics(schema, builder, false);
    if (schema.optional) builder.optional();
    for (const field of schema.fields) {
      const target = this.#fields.get(field.name);
      builder.field(field.name, target ? castSchema(field.schema, target, record, false) : field.schema);
    }
    return builder.build();
  }
}

/**
 * The schema of a value of `from` cast to `target`: optional when `from` is, its default cast.
 * A whole-value cast also keeps `from`'s name, version, doc and parameters, as Kafka's
 * `copySchemaBasics` does, except a logical type's name and parameters, which would no longer
 * describe the value (see the docs' differences from Kafka).
 */
function castSchema(from: Schema, target: CastTarget, record: SinkRecord, whole: boolean): Schema {
  const builder = SchemaBuilder.type(target as SchemaType);
  if (whole) copyBasics(from, builder, from.name !== null && LOGICAL.includes(from.name));
  if (from.optional) builder.optional();
  if (from.defaultValue !== null && from.defaultValue !== undefined)
    builder.defaultValue(castValueToType(from, from.defaultValue, target, record));
  return builder.build();
}

function copyBasics(from: Schema, builder: SchemaBuilder, logical: boolean): void {
  if (from.name !== null && !logical) builder.name(from.name);
  if (from.version !== null && !logical) builder.version(from.version);
  if (from.doc !== null) builder.doc(from.doc);
  if (from.parameters !== null && !logical) builder.parameters(from.parameters);
}

/** `org.apache.kafka.connect.transforms.Cast$Key` */
export class CastKey extends Cast {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Cast$Key';
  protected readonly side: RecordSide = 'key';
}

/** `org.apache.kafka.connect.transforms.Cast$Value` */
export class CastValue extends Cast {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Cast$Value';
  protected readonly side: RecordSide = 'value';
}
