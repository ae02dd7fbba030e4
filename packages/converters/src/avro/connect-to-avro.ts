import {
  DataError,
  DateSchema,
  Decimal,
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
  DECIMAL_PRECISION,
  FIXED_SIZE,
  UNION,
} from './avro-names.js';

/*
 * Connect schema → Avro schema and Connect value → avsc value (wrapped unions, bigint longs),
 * following Confluent's AvroData.fromConnectSchema / fromConnectData: optional → ["null", X]
 * with default null, INT8/INT16 → int with connect.type, logical types with their Avro logical
 * type plus connect.name/connect.version, structs → records (unnamed ones
 * io.confluent.connect.avro.ConnectDefault), io.confluent.connect.avro.Union structs → unions,
 * enum-parameter strings → enums, connect.fixed.size bytes → fixed.
 * Maps with non-string keys are not written yet (a DataError says so).
 */

/** A Connect schema compiled for writing: the Avro schema JSON and a value mapper. */
export interface AvroWritePlan {
  readonly avro: unknown;
  /** The full name of the top-level named type, for the record-name subject strategies. */
  readonly recordName: string | null;
  write(value: unknown): unknown;
}

interface Compiled {
  avro: unknown;
  /** avsc's branch name of this type inside a wrapped union. */
  branch: string;
  write(value: unknown): unknown;
}

export function compileConnectToAvro(schema: Schema): AvroWritePlan {
  const writer = new Writer();
  const top = writer.compile(schema);
  const named = /^(record|enum|fixed)$/.test(String((top.avro as { type?: unknown }).type)) ? top.branch : null;
  return { avro: top.avro, recordName: named, write: top.write };
}

class Writer {
  readonly #defined = new Map<string, Schema>();
  #unnamed = 0;

  compile(schema: Schema): Compiled {
    const base = this.#base(schema);
    if (!schema.optional) {
      return {
        ...base,
        write: (v) => base.write(v ?? nullOrDefault(schema)),
      };
    }
    const hasDefault = schema.defaultValue !== null;
    return {
      avro: hasDefault ? [base.avro, 'null'] : ['null', base.avro],
      branch: 'union',
      write: (v) => {
        const value = v ?? schema.defaultValue ?? null;
        return value === null ? null : { [base.branch]: base.write(value) };
      },
    };
  }

  #base(schema: Schema): Compiled {
    const connect = connectProps(schema);
    switch (schema.name) {
      case LogicalNames.DECIMAL: {
        const scale = DecimalSchema.scaleOf(schema);
        const precision = Number(schema.parameters?.[DECIMAL_PRECISION] ?? 64);
        return {
          avro: { type: 'bytes', scale, precision, ...connect, logicalType: 'decimal' },
          branch: 'bytes',
          write: (v) => Buffer.from(DecimalSchema.fromLogical(schema, asDecimal(v, schema).rescale(scale))),
        };
      }
      case LogicalNames.DATE:
        return {
          avro: { type: 'int', ...connect, logicalType: 'date' },
          branch: 'int',
          write: (v) => DateSchema.fromLogical(schema, v as Date),
        };
      case LogicalNames.TIME:
        return {
          avro: { type: 'int', ...connect, logicalType: 'time-millis' },
          branch: 'int',
          write: (v) => TimeSchema.fromLogical(schema, v as Date),
        };
      case LogicalNames.TIMESTAMP:
        return {
          avro: { type: 'long', ...connect, logicalType: 'timestamp-millis' },
          branch: 'long',
          write: (v) => TimestampSchema.fromLogical(schema, v as Date),
        };
    }
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
        return primitive('int', { ...connect, 'connect.type': schema.type.toLowerCase() }, number(schema));
      case 'INT32':
        return primitive('int', connect, number(schema));
      case 'INT64':
        return primitive('long', connect, (v) => {
          if (typeof v === 'bigint') return v;
          if (Number.isSafeInteger(v)) return BigInt(v as number);
          throw wrongType(schema, v);
        });
      case 'FLOAT32':
        return primitive('float', connect, number(schema));
      case 'FLOAT64':
        return primitive('double', connect, number(schema));
      case 'BOOLEAN':
        return primitive(
          'boolean',
          connect,
          check(schema, (v) => typeof v === 'boolean'),
        );
      case 'STRING':
        return this.#string(schema, connect);
      case 'BYTES':
        return this.#bytes(schema, connect);
      case 'ARRAY': {
        const items = this.compile(schema.valueSchema as Schema);
        return {
          avro: { type: 'array', items: items.avro },
          branch: 'array',
          write: (v) => {
            if (!Array.isArray(v)) throw wrongType(schema, v);
            return v.map(items.write);
          },
        };
      }
      case 'MAP': {
        if (schema.keySchema?.type !== 'STRING') {
          throw new DataError(`Writing Avro for maps with ${schema.keySchema?.type} keys is not supported yet`);
        }
        const values = this.compile(schema.valueSchema as Schema);
        return {
          avro: { type: 'map', values: values.avro },
          branch: 'map',
          write: (v) => {
            const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
            return Object.fromEntries(entries.map(([k, x]) => [String(k), values.write(x)]));
          },
        };
      }
      case 'STRUCT':
        return schema.name === UNION ? this.#union(schema) : this.#record(schema);
    }
  }

  #string(schema: Schema, connect: Record<string, unknown>): Compiled {
    const enumName = schema.parameters?.[AVRO_ENUM];
    if (!enumName)
      return primitive(
        'string',
        connect,
        check(schema, (v) => typeof v === 'string'),
      );
    const symbols = Object.keys(schema.parameters ?? {})
      .filter((k) => k.startsWith(`${AVRO_ENUM}.`))
      .map((k) => k.slice(AVRO_ENUM.length + 1));
    this.#define(enumName, schema);
    return {
      avro: { type: 'enum', ...splitName(enumName), symbols },
      branch: enumName,
      write: check(schema, (v) => typeof v === 'string' && symbols.includes(v)),
    };
  }

  #bytes(schema: Schema, connect: Record<string, unknown>): Compiled {
    const toBuffer = (v: unknown) => {
      if (!(v instanceof Uint8Array)) throw wrongType(schema, v);
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    };
    const size = schema.parameters?.[FIXED_SIZE];
    if (!size || !schema.name) return primitive('bytes', connect, toBuffer);
    this.#define(schema.name, schema);
    return {
      avro: { type: 'fixed', ...splitName(schema.name), size: Number(size) },
      branch: schema.name,
      write: toBuffer,
    };
  }

  #record(schema: Schema): Compiled {
    const name = schema.name ?? `${CONNECT_DEFAULT_NAMESPACE}.${CONNECT_DEFAULT_RECORD}${this.#unnamed++ || ''}`;
    // Avro defines a name once: a struct schema used again (in two fields, or as array items) is a reference.
    const seen = this.#defined.has(name);
    this.#define(name, schema);
    const fields = schema.fields.map((f) => ({ field: f, compiled: this.compile(f.schema) }));
    const avro: Record<string, unknown> = {
      type: 'record',
      ...splitName(name),
      ...(schema.doc ? { doc: schema.doc } : {}),
      fields: fields.map(({ field, compiled }) => ({
        name: field.name,
        type: compiled.avro,
        ...avroDefault(field.schema, compiled),
      })),
    };
    return {
      avro: seen ? name : avro,
      branch: name,
      write: (v) => {
        if (!(v instanceof Struct) || !v.schema.equals(schema)) throw wrongType(schema, v);
        const out: Record<string, unknown> = {};
        for (const { field, compiled } of fields) out[field.name] = compiled.write(v.get(field.name));
        return out;
      },
    };
  }

  #union(schema: Schema): Compiled {
    const members = schema.fields.map((f) => ({ field: f, compiled: this.#base(f.schema) }));
    return {
      avro: members.map((m) => m.compiled.avro),
      branch: 'union',
      write: (v) => {
        if (!(v instanceof Struct)) throw wrongType(schema, v);
        const set = members.find((m) => v.get(m.field.name) !== null);
        if (!set) throw new DataError(`${UNION} struct has no member set`);
        return { [set.compiled.branch]: set.compiled.write(v.get(set.field.name)) };
      },
    };
  }

  #define(name: string, schema: Schema): void {
    const previous = this.#defined.get(name);
    if (previous && !previous.equals(schema)) {
      throw new DataError(`Two different schemas are both named ${name}; Avro names must be unique`);
    }
    this.#defined.set(name, schema);
  }
}

function avroDefault(schema: Schema, compiled: Compiled): { default?: unknown } {
  if (schema.defaultValue === null) return schema.optional ? { default: null } : {};
  try {
    return { default: toDefaultJson(compiled.write(schema.defaultValue), compiled.avro) };
  } catch {
    return {};
  }
}

/** An avsc value → the Avro JSON default form (bytes as ISO-8859-1 text, unions unwrapped). */
function toDefaultJson(value: unknown, avro: unknown): unknown {
  if (Array.isArray(avro) && value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return toDefaultJson(Object.values(value)[0], avro[0]);
  }
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v) => toDefaultJson(v, (avro as { items?: unknown }).items));
  if (value && typeof value === 'object') {
    const fields = (avro as { fields?: { name: string; type: unknown }[] }).fields;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = toDefaultJson(
        v,
        fields ? fields.find((f) => f.name === k)?.type : (avro as { values?: unknown }).values,
      );
    }
    return out;
  }
  return value;
}

function connectProps(schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (schema.name && schema.type !== 'STRUCT' && !schema.parameters?.[AVRO_ENUM] && !schema.parameters?.[FIXED_SIZE])
    out['connect.name'] = schema.name;
  if (schema.version !== null) out['connect.version'] = schema.version;
  if (schema.doc !== null && schema.type !== 'STRUCT') out['connect.doc'] = schema.doc;
  if (schema.parameters) out['connect.parameters'] = { ...schema.parameters };
  return out;
}

function primitive(type: string, connect: Record<string, unknown>, write: (v: unknown) => unknown): Compiled {
  return { avro: Object.keys(connect).length === 0 ? type : { type, ...connect }, branch: type, write };
}

function splitName(name: string): { name: string; namespace?: string } {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { name } : { name: name.slice(dot + 1), namespace: name.slice(0, dot) };
}

function nullOrDefault(schema: Schema): unknown {
  if (schema.defaultValue !== null) return schema.defaultValue;
  throw new DataError(`Conversion error: null value for a required ${schema} with no default`);
}

function number(schema: Schema) {
  return check(schema, (v) => typeof v === 'number');
}

function check(schema: Schema, ok: (v: unknown) => boolean) {
  return (v: unknown) => {
    if (!ok(v)) throw wrongType(schema, v);
    return v;
  };
}

function asDecimal(v: unknown, schema: Schema): Decimal {
  if (!(v instanceof Decimal)) throw wrongType(schema, v);
  return v;
}

function wrongType(schema: Schema, value: unknown): DataError {
  const what = value === null ? 'null' : typeof value === 'object' ? value.constructor?.name : typeof value;
  return new DataError(`Invalid value for ${schema}: ${what}`);
}
