import { DataError, Decimal, LogicalNames, type Schema, Struct } from '@sinkkit/core';

/**
 * A schemaless value (plain JSON object, `Map`, JSON numbers and strings) as the Connect value
 * of `schema`, so schemaless records can be written as Avro or Parquet. Never drops data: a key
 * the schema has no field for, a value of the wrong type, an integer out of range or a number
 * with a fraction for an integer field is a `DataError` naming the path. Accepted conversions:
 * a number or a decimal string for a Decimal (exact, no rounding), ISO 8601 text or epoch
 * milliseconds for Timestamp / Date / Time, base64 text for BYTES, a safe integer for INT64.
 */
export function toConnectValue(value: unknown, schema: Schema, path = ''): unknown {
  if (value === null || value === undefined) {
    if (schema.optional || schema.defaultValue !== null) return null;
    throw new DataError(`${where(path)} is required by the schema but missing or null`);
  }
  switch (schema.name) {
    case LogicalNames.DECIMAL: {
      const scale = Number(schema.parameters?.scale);
      if (value instanceof Decimal) return value.rescale(scale);
      if (typeof value === 'number' || typeof value === 'string') return Decimal.parse(String(value)).rescale(scale);
      throw mismatch(path, schema, value);
    }
    case LogicalNames.TIMESTAMP:
    case LogicalNames.DATE:
    case LogicalNames.TIME: {
      const date =
        value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) throw mismatch(path, schema, value);
      return date;
    }
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'bigint' && value >= -(2n ** 31n) && value < 2n ** 31n) return Number(value);
      throw mismatch(path, schema, value);
    case 'INT64':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      throw mismatch(path, schema, value);
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) return Number(value);
      throw mismatch(path, schema, value);
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      throw mismatch(path, schema, value);
    case 'STRING':
      if (typeof value === 'string') return value;
      throw mismatch(path, schema, value);
    case 'BYTES':
      if (value instanceof Uint8Array) return value;
      if (typeof value === 'string') return Buffer.from(value, 'base64');
      throw mismatch(path, schema, value);
    case 'ARRAY': {
      if (!Array.isArray(value)) throw mismatch(path, schema, value);
      const items = schema.valueSchema as Schema;
      return value.map((v, i) => toConnectValue(v, items, `${path}[${i}]`));
    }
    case 'MAP': {
      if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(path, schema, value);
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
      const values = schema.valueSchema as Schema;
      return new Map(entries.map(([k, v]) => [k, toConnectValue(v, values, `${path}.${k}`)]));
    }
    case 'STRUCT': {
      if (value instanceof Struct) {
        if (value.schema.equals(schema)) return value;
        throw mismatch(path, schema, value);
      }
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array)
        throw mismatch(path, schema, value);
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
      const struct = new Struct(schema);
      for (const [key, v] of entries) {
        const field = schema.field(String(key));
        const at = path ? `${path}.${key}` : String(key);
        if (!field)
          throw new DataError(
            `${where(at)} is not in the schema (fields: ${schema.fields.map((f) => f.name).join(', ')})`,
          );
        struct.put(field.name, toConnectValue(v, field.schema, at));
      }
      for (const field of schema.fields) {
        if (struct.get(field.name) === null && !field.schema.optional) {
          throw new DataError(
            `${where(path ? `${path}.${field.name}` : field.name)} is required by the schema but missing or null`,
          );
        }
      }
      return struct;
    }
  }
}

function where(path: string): string {
  return path ? `field ${path}` : 'the value';
}

function mismatch(path: string, schema: Schema, value: unknown): DataError {
  const what =
    value === null
      ? 'null'
      : typeof value === 'object'
        ? (value.constructor?.name ?? 'object')
        : `${typeof value} ${JSON.stringify(String(value)).slice(0, 40)}`;
  return new DataError(`${where(path)} does not fit ${schema}: got ${what}`);
}
