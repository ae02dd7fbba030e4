import {
  DataError,
  DateSchema,
  DecimalSchema,
  LogicalNames,
  type Schema,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import {
  AVRO_ENUM,
  CONNECT_DEFAULT_NAMESPACE,
  CONNECT_DEFAULT_RECORD,
  CONNECT_INTERNAL_TYPE,
  DECIMAL_PRECISION,
  ENUM_DEFAULT_PREFIX,
  ENUM_DOC_PREFIX,
  FIELD_DEFAULT_FLAG,
  FIELD_DOC_PREFIX,
  MAP_ENTRY,
  RECORD_DOC,
  UNION,
} from './avro-names.js';
import {
  type AvroNode,
  type AvroObject,
  avroSchemaText,
  canonical,
  isNamedNode,
  nodeFullName,
} from './avro-schema-text.js';
import { avroParameterProps, connectMetadata, defaultJson, isValidDefault, stringKeyed } from './connect-avro-props.js';
import {
  asDecimal,
  type Compiled,
  check,
  checkUnion,
  entriesOf,
  fixedSize,
  logical,
  namesAType,
  nonOptional,
  nullOrDefault,
  number,
  optional,
  padToSize,
  primitive,
  safely,
  splitName,
  toBuffer,
  wrongType,
} from './connect-to-avro-parts.js';

/*
 * Connect schema → Avro schema and Connect value → avsc value (wrapped unions, bigint longs),
 * following Confluent's AvroData.fromConnectSchema / fromConnectData
 * (confluentinc/schema-registry avro-data/src/main/java/io/confluent/connect/avro/AvroData.java)
 * with the storage connectors' settings (enhanced.avro.schema.support=true,
 * connect.meta.data=true, scrub.invalid.names=false, discard.type.doc.default=false):
 * - a required schema converted once is reused (AvroData's schemaMap), so a named record, enum,
 *   fixed or MapEntry used again is written once and then referenced by name; unnamed structs
 *   are io.confluent.connect.avro.ConnectDefault, ConnectDefault2, ... in order of first use;
 * - optional X → ["null", X], or [X, "null"] when X has a default (structs: always null first);
 * - every non-union type carries connect.doc / version / parameters / default / name / type;
 *   a record's Avro doc and its fields' docs come from the io.confluent.connect.avro.record.doc /
 *   .field.doc.<field> parameters; logical types add their Avro logical type;
 * - maps with a required string key → Avro maps; others → arrays of MapEntry {key, value}
 *   records (io.confluent.connect.avro.MapEntry, or the map's own name with
 *   connect.internal.type=MapEntry; see #unnamedEntry for a second, different unnamed one);
 * - io.confluent.connect.avro.Union structs → unions, io.confluent.connect.avro.Enum strings →
 *   enums, connect.fixed.size bytes → fixed.
 * What Avro cannot hold readably (an empty union, a union in a union, duplicate branches, one
 * name for two different definitions) is a DataError, never a written schema.
 */

/** A Connect schema compiled for writing: the Avro schema and a value mapper. */
export interface AvroWritePlan {
  /** The Avro schema, parsed from {@link text}. */
  readonly avro: unknown;
  /** The schema's JSON text as Confluent's AvroData (Avro Java's `Schema.toString`) writes it. */
  readonly text: string;
  /** The full name of the top-level named type, for the record-name subject strategies. */
  readonly recordName: string | null;
  write(value: unknown): unknown;
}

/** Compiles `schema`; throws a DataError for a schema Avro cannot represent. */
export function compileConnectToAvro(schema: Schema): AvroWritePlan {
  const writer = new Writer();
  const top = writer.compile(schema);
  const text = avroSchemaText(top.avro, writer.names);
  const recordName = isNamedNode(top.avro) ? (writer.names.get(top.avro) ?? nodeFullName(top.avro)) : null;
  return { avro: JSON.parse(text), text, recordName, write: top.write };
}

class Writer {
  /** The full name each named type is written with, known once the schema text is written. */
  readonly names = new WeakMap<object, string>();
  /** Required schemas already converted, by identity and then by equality (AvroData's schemaMap). */
  readonly #byIdentity = new Map<Schema, Compiled>();
  readonly #converted = new Map<string, { schema: Schema; compiled: Compiled }[]>();
  /** Names of field schemas met so far (AvroData's seenNamedTypes). */
  readonly #seenFieldTypes = new Set<string>();
  #unnamed = 0;
  /** Entry records of unnamed maps with non-string keys, by their definition. */
  readonly #entries: { key: string; node: AvroObject }[] = [];

  compile(schema: Schema): Compiled {
    if (schema.type === 'STRUCT' && schema.name === UNION) return this.#union(schema);
    if (!schema.optional) return this.#required(schema);
    if (schema.type === 'STRUCT') return optional(schema, this.#required(nonOptional(schema)), true);
    return optional(schema, this.#base(schema), schema.defaultValue === null);
  }

  #required(schema: Schema): Compiled {
    const kind = `${schema.type}:${schema.name}`;
    const similar = this.#converted.get(kind) ?? [];
    const known = this.#byIdentity.get(schema) ?? similar.find((c) => c.schema.equals(schema))?.compiled;
    if (known) return known;
    const base = this.#base(schema);
    const compiled: Compiled = {
      avro: base.avro,
      get branch() {
        return base.branch;
      },
      write: (v: unknown) => base.write(v ?? nullOrDefault(schema)),
    };
    this.#byIdentity.set(schema, compiled);
    this.#converted.set(kind, [...similar, { schema, compiled }]);
    return compiled;
  }

  #base(schema: Schema): Compiled {
    const meta = connectMetadata(schema);
    const avroProps = avroParameterProps(schema);
    switch (schema.name) {
      case LogicalNames.DECIMAL:
        if (schema.type === 'BYTES') return this.#decimal(schema, meta, avroProps);
        break;
      case LogicalNames.DATE:
        if (schema.type === 'INT32')
          return logical('int', 'date', meta, avroProps, (v) => DateSchema.fromLogical(schema, v as Date));
        break;
      case LogicalNames.TIME:
        if (schema.type === 'INT32')
          return logical('int', 'time-millis', meta, avroProps, (v) => TimeSchema.fromLogical(schema, v as Date));
        break;
      case LogicalNames.TIMESTAMP:
        if (schema.type === 'INT64')
          return logical('long', 'timestamp-millis', meta, avroProps, (v) =>
            TimestampSchema.fromLogical(schema, v as Date),
          );
        break;
    }
    const props = { ...meta, ...avroProps };
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
        return primitive('int', props, number(schema));
      case 'INT64':
        return primitive('long', props, (v) => {
          if (typeof v === 'bigint') return v;
          if (Number.isSafeInteger(v)) return BigInt(v as number);
          throw wrongType(schema, v);
        });
      case 'FLOAT32':
        return primitive('float', props, number(schema));
      case 'FLOAT64':
        return primitive('double', props, number(schema));
      case 'BOOLEAN':
        return primitive(
          'boolean',
          props,
          check(schema, (v) => typeof v === 'boolean'),
        );
      case 'STRING':
        return this.#string(schema, props);
      case 'BYTES': {
        const size = fixedSize(schema);
        if (size === null) return primitive('bytes', props, toBuffer(schema));
        return this.#named({ type: 'fixed', ...splitName(schema.name as string), size, ...props }, toBuffer(schema));
      }
      case 'ARRAY': {
        const items = this.compile(schema.valueSchema as Schema);
        return {
          avro: { type: 'array', items: items.avro, ...props },
          branch: 'array',
          write: (v) => {
            if (!Array.isArray(v)) throw wrongType(schema, v);
            return v.map(items.write);
          },
        };
      }
      case 'MAP':
        return stringKeyed(schema) ? this.#map(schema, props) : this.#mapEntries(schema, props);
      case 'STRUCT':
        return this.#record(schema, props);
    }
  }

  #decimal(schema: Schema, meta: Record<string, unknown>, avroProps: Record<string, string>): Compiled {
    const scale = DecimalSchema.scaleOf(schema);
    const precision = Number(schema.parameters?.[DECIMAL_PRECISION] ?? 64);
    const size = fixedSize(schema);
    const props = { scale, precision, ...meta, logicalType: 'decimal', ...avroProps };
    const unscaled = (v: unknown) => DecimalSchema.fromLogical(schema, asDecimal(v, schema).rescale(scale));
    if (size === null)
      return { avro: { type: 'bytes', ...props }, branch: 'bytes', write: (v) => Buffer.from(unscaled(v)) };
    return this.#named({ type: 'fixed', ...splitName(schema.name as string), size, ...props }, (v) =>
      padToSize(unscaled(v), size),
    );
  }

  #string(schema: Schema, props: Record<string, unknown>): Compiled {
    const enumName = schema.parameters?.[AVRO_ENUM];
    if (!enumName)
      return primitive(
        'string',
        props,
        check(schema, (v) => typeof v === 'string'),
      );
    const symbols = Object.keys(schema.parameters ?? {})
      .filter((k) => k.startsWith(`${AVRO_ENUM}.`))
      .map((k) => k.slice(AVRO_ENUM.length + 1));
    // AvroData looks the enum's doc and default up under its Connect name (or a ConnectDefault one).
    const simple = this.#nameOrDefault(schema.name).name;
    const doc = schema.parameters?.[`${ENUM_DOC_PREFIX}${simple}`];
    const enumDefault = schema.parameters?.[`${ENUM_DEFAULT_PREFIX}${simple}`];
    const avro = {
      type: 'enum',
      ...splitName(enumName),
      ...(doc !== undefined ? { doc } : {}),
      symbols,
      ...(enumDefault !== undefined ? { default: enumDefault } : {}),
      ...props,
    };
    return this.#named(
      avro,
      check(schema, (v) => typeof v === 'string' && symbols.includes(v)),
    );
  }

  #map(schema: Schema, props: Record<string, unknown>): Compiled {
    const values = this.compile(schema.valueSchema as Schema);
    return {
      avro: { type: 'map', values: values.avro, ...props },
      branch: 'map',
      write: (v) => Object.fromEntries(entriesOf(schema, v).map(([k, x]) => [String(k), values.write(x)])),
    };
  }

  /** A map whose keys are not required strings: an array of {key, value} records, as AvroData writes it. */
  #mapEntries(schema: Schema, props: Record<string, unknown>): Compiled {
    const key = this.#field('key', schema.keySchema as Schema, undefined);
    const value = this.#field('value', schema.valueSchema as Schema, undefined);
    const fields = [key.field, value.field];
    const entry = schema.name
      ? { type: 'record', ...splitName(schema.name), fields, [CONNECT_INTERNAL_TYPE]: MAP_ENTRY }
      : this.#unnamedEntry(fields);
    return {
      avro: { type: 'array', items: entry, ...props },
      branch: 'array',
      write: (v) =>
        entriesOf(schema, v).map(([k, x]) => ({ key: key.compiled.write(k), value: value.compiled.write(x) })),
    };
  }

  #record(schema: Schema, props: Record<string, unknown>): Compiled {
    const names = this.#nameOrDefault(schema.name);
    const params = schema.parameters ?? {};
    const doc = params[RECORD_DOC];
    const fields = schema.fields.map((f) => ({
      name: f.name,
      ...this.#field(f.name, f.schema, params[`${FIELD_DOC_PREFIX}${f.name}`]),
    }));
    const avro: AvroObject = {
      type: 'record',
      ...names,
      ...(doc !== undefined ? { doc } : {}),
      fields: fields.map((f) => f.field),
      ...props,
    };
    const accepted = new WeakSet<Schema>();
    return this.#named(avro, (v) => {
      if (!(v instanceof Struct)) throw wrongType(schema, v);
      if (!accepted.has(v.schema)) {
        // A struct of the optional form of this schema fits too (the same Avro record).
        if (!v.schema.equals(schema) && !nonOptional(v.schema).equals(schema)) throw wrongType(schema, v);
        accepted.add(v.schema);
      }
      const out: Record<string, unknown> = {};
      for (const { name, compiled } of fields) out[name] = compiled.write(v.get(name));
      return out;
    });
  }

  /** A named type: avsc names its union branch by the full name it is written with. */
  #named(avro: AvroObject, write: (v: unknown) => unknown): Compiled {
    const names = this.names;
    return {
      avro,
      get branch() {
        return names.get(avro) ?? nodeFullName(avro);
      },
      write,
    };
  }

  /** One record field, as AvroData's addAvroRecordField builds it. */
  #field(name: string, schema: Schema, doc: string | undefined): { field: AvroObject; compiled: Compiled } {
    const alreadySeen = schema.name !== null && this.#seenFieldTypes.has(schema.name);
    if (schema.name !== null) this.#seenFieldTypes.add(schema.name);
    const compiled = this.compile(schema);
    let fallback: { default?: unknown } = {};
    if (schema.defaultValue !== null) {
      const json = safely(() => defaultJson(schema, schema.defaultValue));
      // AvroData leaves out a default Avro refuses for the type ("Ignoring invalid default").
      if (json !== undefined && isValidDefault(compiled.avro, json)) fallback = { default: json };
    } else if (schema.optional && isValidDefault(compiled.avro, null)) {
      fallback = { default: null };
    }
    const field: Record<string, unknown> = {
      name,
      type: compiled.avro,
      ...(doc !== undefined ? { doc } : {}),
      ...fallback,
    };
    // A named type met again keeps this field's own parameters on the field (AvroData does so since 2026-08).
    const params = Object.entries(schema.parameters ?? {}).filter(([k]) => k !== FIELD_DEFAULT_FLAG);
    if (alreadySeen && params.length > 0 && namesAType(compiled.avro)) {
      field['connect.parameters'] = Object.fromEntries(params);
    }
    return { field, compiled };
  }

  #union(schema: Schema): Compiled {
    const members = schema.fields.map((f) => ({ field: f, compiled: this.#required(nonOptional(f.schema)) }));
    const branches: AvroNode[] = [...(schema.optional ? ['null'] : []), ...members.map((m) => m.compiled.avro)];
    checkUnion(schema, branches);
    return {
      avro: branches,
      branch: 'union',
      write: (v) => {
        const value = v ?? schema.defaultValue ?? null;
        if (value === null) {
          if (schema.optional) return null;
          throw new DataError(`Conversion error: null value for a required ${schema} with no default`);
        }
        if (!(value instanceof Struct)) throw wrongType(schema, value);
        const set = members.find((m) => value.get(m.field.name) !== null);
        if (!set) throw new DataError(`${UNION} struct has no member set`);
        return { [set.compiled.branch]: set.compiled.write(value.get(set.field.name)) };
      },
    };
  }

  /**
   * The entry record of an unnamed map: io.confluent.connect.avro.MapEntry, reused for an equal
   * entry. A different one is MapEntry2, MapEntry3, ... marked connect.internal.type=MapEntry (which
   * AvroData reads as a map too), where AvroData writes MapEntry again and then cannot write the
   * schema ("Can't redefine").
   */
  #unnamedEntry(fields: AvroObject[]): AvroObject {
    const plain = { type: 'record', name: MAP_ENTRY, namespace: CONNECT_DEFAULT_NAMESPACE, fields };
    const key = canonical({ ...plain, name: '' });
    const same = this.#entries.find((e) => e.key === key);
    if (same) return same.node;
    const n = this.#entries.length + 1;
    const node = n === 1 ? plain : { ...plain, name: `${MAP_ENTRY}${n}`, [CONNECT_INTERNAL_TYPE]: MAP_ENTRY };
    this.#entries.push({ key, node });
    return node;
  }

  /** AvroData's getNameOrDefault: the name split, or the next ConnectDefault name. */
  #nameOrDefault(name: string | null): { name: string; namespace: string | null } {
    if (name !== null) return splitName(name);
    const index = ++this.#unnamed;
    return { name: `${CONNECT_DEFAULT_RECORD}${index > 1 ? index : ''}`, namespace: CONNECT_DEFAULT_NAMESPACE };
  }
}
