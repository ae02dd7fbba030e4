import { DataError, Decimal, DecimalSchema, LogicalNames, type Schema, Struct } from '@sinkkit/core';
import type { SchemaElement } from 'hyparquet-writer';

/** How Connect Timestamps are stored. */
export type TimestampUnit = 'millis' | 'micros';

/** A Connect value → what hyparquet-writer takes for its column, plus a rough in-memory size. */
type Convert = (value: unknown) => unknown;

/** A Connect value schema compiled for Parquet: the flattened schema and one converter per top-level column. */
export interface ParquetPlan {
  readonly elements: SchemaElement[];
  readonly columns: readonly { name: string; convert: Convert }[];
  /** The row's column values (a non-struct value is one column named `value`). */
  row(value: unknown): unknown[];
}

const MAX_DECIMAL_PRECISION = 38;

/**
 * Connect → Parquet, as Confluent's ParquetFormat (through parquet-avro) lays it out: a struct
 * value's fields are the columns; nested structs are groups; arrays are 3-level LISTs
 * (`list`/`element`); maps with required string keys are MAPs (`key_value`/`key`/`value`), and
 * other maps LISTs of `{key, value}` groups (Confluent's AvroData writes them as Avro arrays of
 * `MapEntry` records, which parquet-avro writes as lists of groups); INT8/INT16 are INT32 with
 * INT_8/INT_16; strings are UTF8 byte arrays; Decimal is a DECIMAL byte array with the schema's
 * scale and `connect.decimal.precision` (else 38); Date is DATE, Time TIME_MILLIS, Timestamp
 * TIMESTAMP (UTC) in millis or micros. Optional schemas are OPTIONAL, the rest REQUIRED.
 *
 * A struct without fields (at any depth) has no Parquet form: a group needs at least one column,
 * and readers refuse such a file (DuckDB: "Need at least one non-root column"). It is a
 * `DataError`, so the record follows `errors.tolerance` instead of making an unreadable file.
 */
export function compileParquet(schema: Schema, unit: TimestampUnit): ParquetPlan {
  const elements: SchemaElement[] = [];
  if (schema.type !== 'STRUCT') {
    elements.push({ name: 'root', num_children: 1 });
    const convert = compile(schema, 'value', elements, unit);
    return { elements, columns: [{ name: 'value', convert }], row: (v) => [convert(v)] };
  }
  if (schema.fields.length === 0) throw emptyStruct('the value', schema);
  elements.push({ name: 'root', num_children: schema.fields.length });
  const columns = schema.fields.map((f) => ({ name: f.name, convert: compile(f.schema, f.name, elements, unit) }));
  return {
    elements,
    columns,
    row: (value) => {
      if (!(value instanceof Struct) || !value.schema.equals(schema))
        throw new DataError(`Expected a Struct of ${schema}`);
      return columns.map((c) => c.convert(value.get(c.name)));
    },
  };
}

function compile(schema: Schema, name: string, out: SchemaElement[], unit: TimestampUnit, required = false): Convert {
  const repetition_type = schema.optional && !required ? 'OPTIONAL' : 'REQUIRED';
  const leaf = (element: Omit<SchemaElement, 'name' | 'repetition_type'>, convert: Convert): Convert => {
    out.push({ name, repetition_type, ...element });
    return nullable(schema, name, convert);
  };
  switch (schema.name) {
    case LogicalNames.DECIMAL: {
      const scale = DecimalSchema.scaleOf(schema);
      const precision = Number(schema.parameters?.['connect.decimal.precision'] ?? MAX_DECIMAL_PRECISION);
      const limit = 10n ** BigInt(precision);
      return leaf(
        {
          type: 'BYTE_ARRAY',
          converted_type: 'DECIMAL',
          scale,
          precision,
          logical_type: { type: 'DECIMAL', scale, precision },
        },
        (v) => {
          if (!(v instanceof Decimal)) throw wrong(name, schema, v);
          const unscaled = v.rescale(scale).unscaled;
          if (unscaled >= limit || unscaled <= -limit)
            throw new DataError(`${name}: ${v} has more than ${precision} digits`);
          return unscaled;
        },
      );
    }
    case LogicalNames.DATE:
      return leaf({ type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }, (v) =>
        Math.floor(date(name, schema, v) / 86_400_000),
      );
    case LogicalNames.TIME:
      return leaf(
        {
          type: 'INT32',
          converted_type: 'TIME_MILLIS',
          logical_type: { type: 'TIME', isAdjustedToUTC: true, unit: 'MILLIS' },
        },
        (v) => date(name, schema, v) % 86_400_000,
      );
    case LogicalNames.TIMESTAMP:
      return unit === 'micros'
        ? leaf(
            {
              type: 'INT64',
              converted_type: 'TIMESTAMP_MICROS',
              logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
            },
            (v) => BigInt(date(name, schema, v)) * 1000n,
          )
        : leaf(
            {
              type: 'INT64',
              converted_type: 'TIMESTAMP_MILLIS',
              logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
            },
            (v) => BigInt(date(name, schema, v)),
          );
  }
  switch (schema.type) {
    case 'INT8':
      return leaf({ type: 'INT32', converted_type: 'INT_8' }, check(name, schema, Number.isInteger));
    case 'INT16':
      return leaf({ type: 'INT32', converted_type: 'INT_16' }, check(name, schema, Number.isInteger));
    case 'INT32':
      return leaf({ type: 'INT32' }, check(name, schema, Number.isInteger));
    case 'INT64':
      return leaf({ type: 'INT64' }, (v) => {
        if (typeof v === 'bigint') return v;
        if (Number.isSafeInteger(v)) return BigInt(v as number);
        throw wrong(name, schema, v);
      });
    case 'FLOAT32':
      return leaf(
        { type: 'FLOAT' },
        check(name, schema, (v) => typeof v === 'number'),
      );
    case 'FLOAT64':
      return leaf(
        { type: 'DOUBLE' },
        check(name, schema, (v) => typeof v === 'number'),
      );
    case 'BOOLEAN':
      return leaf(
        { type: 'BOOLEAN' },
        check(name, schema, (v) => typeof v === 'boolean'),
      );
    case 'STRING':
      return leaf(
        { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
        check(name, schema, (v) => typeof v === 'string'),
      );
    case 'BYTES':
      return leaf(
        { type: 'BYTE_ARRAY' },
        check(name, schema, (v) => v instanceof Uint8Array),
      );
    case 'STRUCT': {
      if (schema.fields.length === 0) throw emptyStruct(name, schema);
      out.push({ name, repetition_type, num_children: schema.fields.length });
      const fields = schema.fields.map((f) => ({ name: f.name, convert: compile(f.schema, f.name, out, unit) }));
      return nullable(schema, name, (v) => {
        if (!(v instanceof Struct)) throw wrong(name, schema, v);
        const row: Record<string, unknown> = {};
        for (const f of fields) row[f.name] = f.convert(v.get(f.name));
        return row;
      });
    }
    case 'ARRAY': {
      out.push({ name, repetition_type, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } });
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      const element = compile(schema.valueSchema as Schema, 'element', out, unit);
      return nullable(schema, name, (v) => {
        if (!Array.isArray(v)) throw wrong(name, schema, v);
        return v.map(element);
      });
    }
    case 'MAP': {
      const keySchema = schema.keySchema as Schema;
      const entries = (v: unknown) => {
        if (typeof v !== 'object' || v === null) throw wrong(name, schema, v);
        return v instanceof Map ? [...v.entries()] : Object.entries(v);
      };
      if (keySchema.type !== 'STRING' || keySchema.optional) {
        // AvroData's array of MapEntry{key, value} records, through parquet-avro: a list of groups.
        out.push({ name, repetition_type, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } });
        out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
        out.push({ name: 'element', repetition_type: 'REQUIRED', num_children: 2 });
        const key = compile(keySchema, 'key', out, unit);
        const value = compile(schema.valueSchema as Schema, 'value', out, unit);
        return nullable(schema, name, (v) => entries(v).map(([k, x]) => ({ key: key(k), value: value(x) })));
      }
      out.push({ name, repetition_type, num_children: 1, converted_type: 'MAP', logical_type: { type: 'MAP' } });
      out.push({ name: 'key_value', repetition_type: 'REPEATED', num_children: 2 });
      const key = compile(keySchema, 'key', out, unit, true);
      const value = compile(schema.valueSchema as Schema, 'value', out, unit);
      return nullable(schema, name, (v) => entries(v).map(([k, x]) => ({ key: key(k), value: value(x) })));
    }
  }
}

function nullable(schema: Schema, name: string, convert: Convert): Convert {
  return (v) => {
    const value = v ?? schema.defaultValue ?? null;
    if (value !== null) return convert(value);
    if (schema.optional) return null;
    throw new DataError(`${name}: null for a required ${schema}`);
  };
}

function date(name: string, schema: Schema, v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw wrong(name, schema, v);
  return ms;
}

function check(name: string, schema: Schema, ok: (v: unknown) => boolean): Convert {
  return (v) => {
    if (!ok(v)) throw wrong(name, schema, v);
    return v;
  };
}

function emptyStruct(name: string, schema: Schema): DataError {
  return new DataError(
    `${name}: ${schema} has no fields, which Parquet cannot write (a group needs at least one column; readers refuse the file)`,
  );
}

function wrong(name: string, schema: Schema, v: unknown): DataError {
  const what = v === null ? 'null' : typeof v === 'object' ? v.constructor?.name : typeof v;
  return new DataError(`${name}: invalid value for ${schema}: ${what}`);
}
