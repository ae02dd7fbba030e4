import {
  DataError,
  DateSchema,
  DecimalSchema,
  type Schema,
  SchemaBuilder,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import {
  AVRO_ENUM,
  type AvroSchema,
  CONNECT_DEFAULT_NAMESPACE,
  CONNECT_DEFAULT_RECORD,
  CONNECT_INTERNAL_TYPE,
  DECIMAL_PRECISION,
  ENUM_DEFAULT_PREFIX,
  ENUM_DOC_PREFIX,
  FIELD_DEFAULT_FLAG,
  FIELD_DOC_PREFIX,
  FIXED_SIZE,
  fullName,
  isNamedType,
  MAP_ENTRY,
  PRIMITIVES,
  RECORD_DOC,
  simpleName,
  UNION,
} from './avro-names.js';

/*
 * Avro schema → Connect schema and decoded Avro value → Connect value, following Confluent's
 * AvroData.toConnectSchema / toConnectData (confluentinc/schema-registry
 * avro-data/src/main/java/io/confluent/connect/avro/AvroData.java):
 * records → Struct (named by the record's full name), [null, X] unions → optional X, other
 * unions → a Struct named io.confluent.connect.avro.Union with one optional field per branch,
 * enums → STRING with io.confluent.connect.avro.Enum parameters, fixed → BYTES with
 * connect.fixed.size, decimal (bytes or fixed) → Decimal with connect.decimal.precision,
 * date / time-millis / timestamp-millis → Date / Time / Timestamp. time-micros and
 * timestamp-micros stay INT64 (the microseconds, as Confluent passes them through), since
 * Connect's Time and Timestamp hold milliseconds only. Field defaults become schema defaults.
 * Arrays of MapEntry {key, value} records → maps. `connect.doc` is the Connect doc; an Avro
 * record's, field's or enum's own doc becomes a parameter (io.confluent.connect.avro.record.doc,
 * .field.doc.<field>, .enum.doc.<enum>), as AvroData keeps them for writing back.
 *
 * Values come from avsc with `wrapUnions: true` (a union value is `{ branchName: value }`) and
 * longs as bigint.
 */

/** A compiled Avro node: how to build its Connect schema and read its values. */
interface Node {
  /** A fresh builder of the node's Connect schema, without optional/default. */
  builder(): SchemaBuilder;
  /** A decoded Avro value → Connect value; `schema` is the node's finished Connect schema. */
  read(raw: unknown, schema: Schema): unknown;
  /** An Avro JSON default (as in the schema text) → Connect value. */
  readDefault(json: unknown, schema: Schema): unknown;
  /** avsc's branch name for this type inside a wrapped union. */
  branch: string;
  /** The Connect union field name for this type (Confluent's unionMemberFieldName). */
  memberName: string;
  /** Whether this node already yields an optional schema (a union with null). */
  optional: boolean;
}

/** An Avro schema compiled for reading: its Connect schema and a value reader. */
export interface AvroReadPlan {
  readonly schema: Schema;
  read(raw: unknown): unknown;
}

/**
 * Compiles `avro` (parsed schema JSON). Throws a DataError for what Connect cannot represent.
 * `version` (the schema's version in the registry) becomes the top-level Connect schema's
 * version unless the schema carries its own `connect.version`, as Confluent's converter does.
 */
export function compileAvroToConnect(avro: AvroSchema, version?: number): AvroReadPlan {
  const compiler = new Compiler();
  const compiled = compiler.compile(avro, '');
  const node =
    version === undefined || connectVersion(avro) !== undefined
      ? compiled
      : { ...compiled, builder: () => compiled.builder().version(version) };
  const schema = finish(node, false, undefined);
  return { schema, read: (raw) => node.read(raw, schema) };
}

/** The `connect.version` a top-level schema declares, if any. */
export function connectVersion(avro: AvroSchema): number | undefined {
  if (typeof avro !== 'object' || Array.isArray(avro)) return undefined;
  const v = avro['connect.version'];
  return typeof v === 'number' ? v : undefined;
}

function finish(node: Node, optional: boolean, defaultJson: unknown, fromField = false): Schema {
  const flagged = () => {
    const b = node.builder();
    // AvroData marks a default that came from an Avro field default, so writing it back adds no connect.default.
    if (fromField) b.parameter(FIELD_DEFAULT_FLAG, 'true');
    return b;
  };
  const b = flagged();
  if (optional || node.optional) b.optional();
  const bare = b.build();
  if (defaultJson === undefined || defaultJson === null) return bare;
  let value: unknown;
  try {
    value = node.readDefault(defaultJson, bare);
  } catch {
    return bare; // a default Connect cannot hold is dropped, as it cannot be checked either
  }
  const withDefault = flagged();
  if (optional || node.optional) withDefault.optional();
  return withDefault.defaultValue(value).build();
}

class Compiler {
  readonly #named = new Map<string, { json: Record<string, unknown>; namespace: string }>();
  readonly #compiling = new Set<string>();

  compile(avro: AvroSchema, namespace: string): Node {
    if (typeof avro === 'string') {
      if (PRIMITIVES.has(avro)) return this.#primitive({ type: avro });
      const name = avro.includes('.') ? avro : namespace ? `${namespace}.${avro}` : avro;
      const found = this.#named.get(name) ?? this.#named.get(avro);
      if (!found) throw new DataError(`Unknown Avro type ${JSON.stringify(avro)}`);
      return this.#compileNamed(found.json, found.namespace);
    }
    if (Array.isArray(avro)) return this.#union(avro, namespace);
    if (typeof avro !== 'object' || avro === null) throw new DataError(`Invalid Avro schema ${JSON.stringify(avro)}`);
    if (isNamedType(avro.type)) {
      const name = fullName(avro, namespace);
      const ns = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
      this.#named.set(name, { json: avro, namespace: ns });
      return this.#compileNamed(avro, ns);
    }
    if (avro.type === 'array') {
      const entry = this.#mapEntry(avro.items as AvroSchema, namespace);
      if (entry) return entry;
      const items = this.compile(avro.items as AvroSchema, namespace);
      return {
        ...plain('array'),
        builder: () => SchemaBuilder.array(finish(items, false, undefined)),
        read: (raw, schema) => (raw as unknown[]).map((v) => items.read(v, schema.valueSchema as Schema)),
        readDefault: (json, schema) =>
          (json as unknown[]).map((v) => items.readDefault(v, schema.valueSchema as Schema)),
      };
    }
    if (avro.type === 'map') {
      const values = this.compile(avro.values as AvroSchema, namespace);
      const entries = (raw: unknown, schema: Schema, read: (v: unknown, s: Schema) => unknown) =>
        new Map(Object.entries(raw as object).map(([k, v]) => [k, read(v, schema.valueSchema as Schema)]));
      return {
        ...plain('map'),
        builder: () => SchemaBuilder.map(SchemaBuilder.string().build(), finish(values, false, undefined)),
        read: (raw, schema) => entries(raw, schema, (v, s) => values.read(v, s)),
        readDefault: (json, schema) => entries(json, schema, (v, s) => values.readDefault(v, s)),
      };
    }
    if (typeof avro.type === 'string' && PRIMITIVES.has(avro.type)) return this.#primitive(avro);
    // {"type": {"type": "record", ...}} or {"type": "SomeNamedType"}
    return this.compile(avro.type as AvroSchema, namespace);
  }

  /**
   * An array of MapEntry records (named io.confluent.connect.avro.MapEntry, or marked
   * connect.internal.type=MapEntry): how AvroData writes a map whose keys are not strings.
   */
  #mapEntry(items: AvroSchema, namespace: string): Node | undefined {
    const json =
      typeof items === 'string' ? this.#named.get(items.includes('.') ? items : `${namespace}.${items}`)?.json : items;
    if (!json || Array.isArray(json) || typeof json !== 'object' || json.type !== 'record') return undefined;
    const name = fullName(json, namespace);
    if (name !== `${CONNECT_DEFAULT_NAMESPACE}.${MAP_ENTRY}` && json[CONNECT_INTERNAL_TYPE] !== MAP_ENTRY)
      return undefined;
    const fields = json.fields as Record<string, unknown>[];
    const keyField = fields.find((f) => f.name === 'key');
    const valueField = fields.find((f) => f.name === 'value');
    if (fields.length !== 2 || !keyField || !valueField) {
      throw new DataError(
        `${name} is a map written as key/value records but does not have exactly the fields key and value`,
      );
    }
    if (typeof items !== 'string') {
      const ns = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
      this.#named.set(name, { json, namespace: ns });
    }
    const inner = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
    const key = this.compile(keyField.type as AvroSchema, inner);
    const value = this.compile(valueField.type as AvroSchema, inner);
    const entries = (list: unknown, schema: Schema, read: (n: Node, v: unknown, s: Schema) => unknown) =>
      new Map(
        (list as unknown[]).map((e) => {
          const pair = Array.isArray(e) ? { key: e[0], value: e[1] } : (e as Record<string, unknown>);
          return [
            read(key, pair.key, schema.keySchema as Schema),
            read(value, pair.value, schema.valueSchema as Schema),
          ];
        }),
      );
    return {
      ...plain('array'),
      builder: () => SchemaBuilder.map(finish(key, false, undefined), finish(value, false, undefined)),
      read: (raw, schema) => entries(raw, schema, (n, v, s) => n.read(v, s)),
      readDefault: (json, schema) => entries(json, schema, (n, v, s) => n.readDefault(v, s)),
    };
  }

  #compileNamed(json: Record<string, unknown>, namespace: string): Node {
    const name = fullName(json, namespace);
    if (this.#compiling.has(name)) {
      throw new DataError(`Avro type ${name} is recursive; Kafka Connect schemas cannot be recursive`);
    }
    this.#compiling.add(name);
    try {
      if (json.type === 'record' || json.type === 'error') return this.#record(json, name, namespace);
      if (json.type === 'enum') return this.#enum(json, name);
      return this.#fixed(json, name);
    } finally {
      this.#compiling.delete(name);
    }
  }

  #record(json: Record<string, unknown>, name: string, namespace: string): Node {
    const fields = (json.fields as Record<string, unknown>[]).map((f) => {
      const node = this.compile(f.type as AvroSchema, namespace);
      return { name: String(f.name), doc: f.doc, node, schema: finish(node, false, f.default, marksDefault(f)) };
    });
    const connectName = typeof json['connect.name'] === 'string' ? json['connect.name'] : name;
    const toStruct = (
      schema: Schema,
      get: (field: string) => unknown,
      read: (n: Node, v: unknown, s: Schema) => unknown,
    ) => {
      const struct = new Struct(schema);
      for (const f of schema.fields) {
        const node = fields[f.index]?.node as Node;
        struct.put(f.name, read(node, get(f.name), f.schema));
      }
      return struct;
    };
    return {
      branch: name,
      memberName: simpleName(name),
      optional: false,
      builder: () => {
        const b = SchemaBuilder.struct();
        // AvroData's names for unnamed structs stand for no name (toConnectSchema drops them).
        if (!connectName.startsWith(`${CONNECT_DEFAULT_NAMESPACE}.${CONNECT_DEFAULT_RECORD}`)) b.name(connectName);
        if (typeof json['connect.version'] === 'number') b.version(json['connect.version']);
        if (typeof json['connect.doc'] === 'string') b.doc(json['connect.doc']);
        if (typeof json.doc === 'string') b.parameter(RECORD_DOC, json.doc);
        for (const f of fields) if (typeof f.doc === 'string') b.parameter(`${FIELD_DOC_PREFIX}${f.name}`, f.doc);
        connectParameters(b, json);
        for (const f of fields) b.field(f.name, f.schema);
        return b;
      },
      read: (raw, schema) =>
        toStruct(
          schema,
          (f) => (raw as Record<string, unknown>)[f],
          (n, v, s) => n.read(v, s),
        ),
      readDefault: (jsonValue, schema) =>
        toStruct(
          schema,
          (f) => (jsonValue as Record<string, unknown>)[f],
          (n, v, s) => (v === undefined ? null : n.readDefault(v, s)),
        ),
    };
  }

  #enum(json: Record<string, unknown>, name: string): Node {
    const symbols = json.symbols as string[];
    return {
      branch: name,
      memberName: simpleName(name),
      optional: false,
      builder: () => {
        const b = SchemaBuilder.string().name(typeof json['connect.name'] === 'string' ? json['connect.name'] : name);
        if (typeof json.doc === 'string') b.parameter(`${ENUM_DOC_PREFIX}${simpleName(name)}`, json.doc);
        if (typeof json.default === 'string') b.parameter(`${ENUM_DEFAULT_PREFIX}${simpleName(name)}`, json.default);
        connectParameters(b, json);
        b.parameter(AVRO_ENUM, name);
        for (const s of symbols) b.parameter(`${AVRO_ENUM}.${s}`, s);
        if (typeof json['connect.doc'] === 'string') b.doc(json['connect.doc']);
        if (typeof json['connect.version'] === 'number') b.version(json['connect.version']);
        return b;
      },
      read: (raw) => raw,
      readDefault: (v) => v,
    };
  }

  #fixed(json: Record<string, unknown>, name: string): Node {
    const size = Number(json.size);
    if (json.logicalType === 'decimal') return { ...this.#decimal(json), branch: name, memberName: simpleName(name) };
    return {
      branch: name,
      memberName: simpleName(name),
      optional: false,
      builder: () => SchemaBuilder.bytes().name(name).parameter(FIXED_SIZE, String(size)),
      read: (raw) => new Uint8Array(raw as Buffer),
      readDefault: (v) => new Uint8Array(Buffer.from(String(v), 'latin1')),
    };
  }

  #decimal(json: Record<string, unknown>): Node {
    const scale = Number(json.scale ?? 0);
    const precision = Number(json.precision);
    return {
      ...plain('bytes'),
      builder: () => {
        const b = DecimalSchema.builder(scale);
        // Written by a Connect converter: its parameters are the Connect schema's, exactly.
        const params = json['connect.parameters'];
        if (params && typeof params === 'object') return b.parameters(params as Record<string, string>);
        if (Number.isInteger(precision)) b.parameter(DECIMAL_PRECISION, String(precision));
        return b;
      },
      read: (raw, schema) => DecimalSchema.toLogical(schema, raw as Buffer),
      readDefault: (v, schema) => DecimalSchema.toLogical(schema, Buffer.from(String(v), 'latin1')),
    };
  }

  #primitive(json: Record<string, unknown>): Node {
    const type = json.type as string;
    const logical = json.logicalType;
    const connectType = json['connect.type'];
    if (type === 'null') throw new DataError('A bare Avro "null" type has no Kafka Connect equivalent');
    if (type === 'bytes' && logical === 'decimal') return this.#decimal(json);
    if (type === 'int' && logical === 'date')
      return logicalNode('int', DateSchema.builder, (raw, s) => DateSchema.toLogical(s, raw as number));
    if (type === 'int' && logical === 'time-millis')
      return logicalNode('int', TimeSchema.builder, (raw, s) => TimeSchema.toLogical(s, raw as number));
    if (type === 'long' && logical === 'timestamp-millis')
      return logicalNode('long', TimestampSchema.builder, (raw, s) => TimestampSchema.toLogical(s, raw as bigint));
    const base = (): SchemaBuilder => {
      switch (type) {
        case 'int':
          return connectType === 'int8'
            ? SchemaBuilder.int8()
            : connectType === 'int16'
              ? SchemaBuilder.int16()
              : SchemaBuilder.int32();
        case 'long':
          return SchemaBuilder.int64();
        case 'float':
          return SchemaBuilder.float32();
        case 'double':
          return SchemaBuilder.float64();
        case 'boolean':
          return SchemaBuilder.bool();
        case 'bytes':
          return SchemaBuilder.bytes();
        default:
          return SchemaBuilder.string();
      }
    };
    const builder = (): SchemaBuilder => {
      const b = base();
      if (typeof json['connect.name'] === 'string') b.name(json['connect.name']);
      if (typeof json['connect.version'] === 'number') b.version(json['connect.version']);
      if (typeof json['connect.doc'] === 'string') b.doc(json['connect.doc']);
      const params = json['connect.parameters'];
      if (params && typeof params === 'object') b.parameters(params as Record<string, string>);
      return b;
    };
    const read = (raw: unknown): unknown => (type === 'bytes' ? new Uint8Array(raw as Buffer) : raw);
    const readDefault = (v: unknown): unknown => {
      if (type === 'long') return BigInt(v as number);
      if (type === 'bytes') return new Uint8Array(Buffer.from(String(v), 'latin1'));
      return v;
    };
    return { ...plain(type), builder, read, readDefault };
  }

  #union(branches: AvroSchema[], namespace: string): Node {
    const nodes = branches.map((b) => (b === 'null' ? null : this.compile(b, namespace)));
    const present = nodes.filter((n): n is Node => n !== null);
    const nullable = present.length < nodes.length;
    const only = present[0];
    if (present.length === 1 && only) {
      // [null, X] (either order): X, optional. The default belongs to the first branch.
      const nullFirst = nodes[0] === null;
      return {
        ...only,
        optional: true,
        read: (raw, schema) => (raw === null || raw === undefined ? null : only.read(unwrap(raw), schema)),
        readDefault: (json, schema) => (nullFirst ? null : only.readDefault(json, schema)),
      };
    }
    if (present.length === 0) throw new DataError('An Avro union of only "null" has no Kafka Connect equivalent');
    // io.confluent.connect.avro.Union: one optional field per non-null branch.
    const memberNames = present.map((n) => n.memberName);
    return {
      ...plain('union'),
      optional: nullable,
      builder: () => {
        const b = SchemaBuilder.struct().name(UNION);
        for (const [i, n] of present.entries()) b.field(memberNames[i] as string, finish(n, true, undefined));
        return b;
      },
      read: (raw, schema) => {
        if (raw === null || raw === undefined) return null;
        const [branch, value] = Object.entries(raw as object)[0] ?? [];
        const index = present.findIndex((n) => n.branch === branch);
        const field = schema.fields[index];
        const node = present[index];
        if (!field || !node) throw new DataError(`Avro union value of unknown branch ${String(branch)}`);
        return new Struct(schema).put(field.name, node.read(value, field.schema));
      },
      readDefault: (json, schema) => {
        const first = nodes[0];
        const field = schema.fields[0];
        if (!first || !field) return null;
        return new Struct(schema).put(field.name, first.readDefault(json, field.schema));
      },
    };
  }
}

/**
 * Whether AvroData's toConnectSchema flags this field's default (io.confluent.connect.avro.field.default):
 * a field with a default whose type carries no connect.default, unless it is a [null, X] union
 * (whose default AvroData does not pass on).
 */
function marksDefault(field: Record<string, unknown>): boolean {
  if (field.default === undefined) return false;
  const type = field.type;
  if (Array.isArray(type)) return !(type.length === 2 && type.includes('null'));
  return !(typeof type === 'object' && type !== null && 'connect.default' in type);
}

/** `connect.parameters` of a type → its Connect parameters. */
function connectParameters(b: SchemaBuilder, json: Record<string, unknown>): void {
  const params = json['connect.parameters'];
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    for (const [k, v] of Object.entries(params)) if (typeof v === 'string') b.parameter(k, v);
  }
}

function unwrap(raw: unknown): unknown {
  const entries = Object.entries(raw as object);
  return entries.length === 1 ? entries[0]?.[1] : raw;
}

function plain(type: string): Pick<Node, 'branch' | 'memberName' | 'optional'> {
  return { branch: type, memberName: type, optional: false };
}

function logicalNode(type: string, builder: () => SchemaBuilder, read: (raw: unknown, s: Schema) => unknown): Node {
  return {
    ...plain(type),
    builder,
    read,
    readDefault: (v, s) => read(type === 'long' ? BigInt(v as number) : v, s),
  };
}
