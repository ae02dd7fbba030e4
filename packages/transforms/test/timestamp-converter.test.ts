import {
  ConfigError,
  DataError,
  DateSchema,
  Schema,
  SchemaBuilder,
  Struct,
  TimeSchema,
  TimestampSchema,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { TimestampConverterKey, TimestampConverterValue } from '../src/timestamp-converter.js';
import { configured, record, structValue, withValue } from './records.js';

// 2026-03-07T14:05:09.045Z
const ms = Date.UTC(2026, 2, 7, 14, 5, 9, 45);
const format = "yyyy-MM-dd'T'HH:mm:ss.SSSX";

describe('TimestampConverter', () => {
  it('converts a whole schemaless Timestamp to unix, string, Date, Time and Timestamp', () => {
    const to = (target: string, extra: Record<string, unknown> = {}) =>
      configured(TimestampConverterValue, { 'target.type': target, format, ...extra }).apply(withValue(new Date(ms)))
        ?.value;
    expect(to('string')).toBe('2026-03-07T14:05:09.045Z');
    expect(to('Timestamp')).toEqual(new Date(ms));
    expect(to('Date')).toEqual(new Date(Date.UTC(2026, 2, 7)));
    expect(to('Time')).toEqual(new Date(ms - Date.UTC(2026, 2, 7)));
    expect(to('unix', { 'unix.precision': 'seconds' })).toBe(BigInt(Math.floor(ms / 1000)));
    expect(to('unix', { 'unix.precision': 'microseconds' })).toBe(BigInt(ms) * 1000n);
  });

  it('reads unix values in the configured precision and strings in the format', () => {
    const fromSeconds = configured(TimestampConverterValue, {
      'target.type': 'Timestamp',
      'unix.precision': 'seconds',
    });
    expect(fromSeconds.apply(withValue(1_700_000_000n))?.value).toEqual(new Date(1_700_000_000_000));
    const fromText = configured(TimestampConverterValue, { 'target.type': 'unix', format });
    expect(fromText.apply(withValue('2026-03-07T14:05:09.045Z'))?.value).toBe(BigInt(ms));
  });

  it('converts a Struct field and its schema, keeping optionality', () => {
    const schema = SchemaBuilder.struct()
      .field('id', Schema.INT32_SCHEMA)
      .field('ts', Schema.OPTIONAL_STRING_SCHEMA)
      .build();
    const value = new Struct(schema).put('id', 1).put('ts', '2026-03-07T14:05:09.045Z');
    const out = configured(TimestampConverterValue, { field: 'ts', 'target.type': 'Timestamp', format }).apply(
      withValue(value, schema),
    );
    const ts = out?.valueSchema?.field('ts')?.schema;
    expect([ts?.name, ts?.optional]).toEqual([TimestampSchema.LOGICAL_NAME, true]);
    expect(structValue(out).get('ts')).toEqual(new Date(ms));
    expect(structValue(out).get('id')).toBe(1);
  });

  it("converts a schema'd whole key from Timestamp to Date and Time", () => {
    const key = record({ key: new Date(ms), keySchema: TimestampSchema.SCHEMA });
    const date = configured(TimestampConverterKey, { 'target.type': 'Date' }).apply(key);
    expect([date?.key, date?.keySchema?.name]).toEqual([new Date(Date.UTC(2026, 2, 7)), DateSchema.LOGICAL_NAME]);
    const time = configured(TimestampConverterKey, { 'target.type': 'Time' }).apply(key);
    expect(time?.keySchema?.name).toBe(TimeSchema.LOGICAL_NAME);
  });

  it('fails on text that does not match, and on a type that is no timestamp', () => {
    const smt = configured(TimestampConverterValue, { 'target.type': 'unix', format });
    expect(() => smt.apply(withValue('07/03/2026'))).toThrow(DataError);
    expect(() => smt.apply(withValue('07/03/2026'))).toThrow(/does not match pattern/);
    expect(() => smt.apply(withValue(true, Schema.BOOLEAN_SCHEMA))).toThrow(
      /does not correspond to a known timestamp type/,
    );
  });

  it('needs a format for string output and a known target type', () => {
    expect(() => configured(TimestampConverterValue, { 'target.type': 'string' })).toThrow(ConfigError);
    expect(() => configured(TimestampConverterValue, { 'target.type': 'epoch' })).toThrow(/target\.type/);
  });
});
