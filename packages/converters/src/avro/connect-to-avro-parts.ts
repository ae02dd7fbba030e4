import { ConnectSchema, DataError, Decimal, type Schema } from '@sinkkit/core';
import { FIXED_SIZE, UNION } from './avro-names.js';
import { type AvroNode, type AvroObject, isNamedNode, nodeFullName } from './avro-schema-text.js';

// Small pieces of the Connect → Avro compiler (connect-to-avro.ts): the compiled form of a
// type, union checks, and the value mappers of primitive types.

/** One Connect schema compiled: its Avro schema and how its values become avsc values. */
export interface Compiled {
  avro: AvroNode;
  /** avsc's branch name of this type inside a wrapped union. */
  branch: string;
  write(value: unknown): unknown;
}

/** Avro cannot hold (and readers refuse) an empty union, a union in a union, or two branches of one type. */
export function checkUnion(schema: Schema, branches: AvroNode[]): void {
  const unreadable = (why: string) =>
    new DataError(`${schema} cannot be written as readable Avro: ${why}`, { code: 'AVRO_UNREPRESENTABLE' });
  if (branches.length === 0) throw unreadable(`an Avro union needs at least one branch, and ${UNION} has no fields`);
  const seen = new Set<string>();
  for (const branch of branches) {
    if (Array.isArray(branch)) throw unreadable('a union cannot hold another union');
    const key = isNamedNode(branch)
      ? nodeFullName(branch)
      : typeof branch === 'string'
        ? branch
        : String((branch as AvroObject).type);
    if (seen.has(key)) throw unreadable(`two union branches are both ${key}`);
    seen.add(key);
  }
}

export function optional(schema: Schema, base: Compiled, nullFirst: boolean): Compiled {
  return {
    avro: nullFirst ? ['null', base.avro] : [base.avro, 'null'],
    branch: 'union',
    write: (v) => {
      const value = v ?? schema.defaultValue ?? null;
      return value === null ? null : { [base.branch]: base.write(value) };
    },
  };
}

/** Connect's `nonOptional`: the same schema, required. */
export function nonOptional(schema: Schema): Schema {
  if (!schema.optional) return schema;
  return new ConnectSchema({ ...schema, fields: schema.fields, optional: false });
}

export function namesAType(avro: AvroNode): boolean {
  return Array.isArray(avro) ? avro.some((b) => isNamedNode(b)) : isNamedNode(avro);
}

export function logical(
  type: string,
  logicalType: string,
  meta: Record<string, unknown>,
  avroProps: Record<string, string>,
  write: (v: unknown) => unknown,
): Compiled {
  return { avro: { type, ...meta, logicalType, ...avroProps }, branch: type, write };
}

export function primitive(type: string, props: Record<string, unknown>, write: (v: unknown) => unknown): Compiled {
  return { avro: Object.keys(props).length === 0 ? type : { type, ...props }, branch: type, write };
}

export function fixedSize(schema: Schema): number | null {
  const size = schema.parameters?.[FIXED_SIZE];
  return size !== undefined && schema.name !== null ? Number(size) : null;
}

export function splitName(name: string): { name: string; namespace: string | null } {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { name, namespace: null } : { name: name.slice(dot + 1), namespace: name.slice(0, dot) };
}

export function entriesOf(schema: Schema, v: unknown): [unknown, unknown][] {
  if (v instanceof Map) return [...v.entries()];
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.entries(v);
  throw wrongType(schema, v);
}

export function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

export function nullOrDefault(schema: Schema): unknown {
  if (schema.defaultValue !== null) return schema.defaultValue;
  throw new DataError(`Conversion error: null value for a required ${schema} with no default`);
}

export function number(schema: Schema) {
  return check(schema, (v) => typeof v === 'number');
}

export function check(schema: Schema, ok: (v: unknown) => boolean) {
  return (v: unknown) => {
    if (!ok(v)) throw wrongType(schema, v);
    return v;
  };
}

export function toBuffer(schema: Schema) {
  return (v: unknown) => {
    if (!(v instanceof Uint8Array)) throw wrongType(schema, v);
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  };
}

/** A decimal's two's-complement bytes sign-extended to a fixed size (AvroData's padToFixedSize). */
export function padToSize(bytes: Uint8Array, size: number): Buffer {
  if (bytes.length > size) throw new DataError(`Decimal needs ${bytes.length} bytes, more than the fixed size ${size}`);
  const out = Buffer.alloc(size, bytes.length > 0 && (bytes[0] as number) >= 0x80 ? 0xff : 0);
  out.set(bytes, size - bytes.length);
  return out;
}

export function asDecimal(v: unknown, schema: Schema): Decimal {
  if (!(v instanceof Decimal)) throw wrongType(schema, v);
  return v;
}

export function wrongType(schema: Schema, value: unknown): DataError {
  const what = value === null ? 'null' : typeof value === 'object' ? value.constructor?.name : typeof value;
  return new DataError(`Invalid value for ${schema}: ${what}`);
}
