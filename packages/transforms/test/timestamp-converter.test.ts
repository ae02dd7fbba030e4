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

  it("gives a null value the target schema (Kafka's testWithSchemaNullValueToString)", () => {
    const smt = configured(TimestampConverterValue, { 'target.type': 'string', format });
    const out = smt.apply(withValue(null, TimestampSchema.builder().optional().build()));
    expect([out?.value, out?.valueSchema]).toEqual([null, Schema.OPTIONAL_STRING_SCHEMA]);
  });

  it("converts the schema of a null field and of a null struct (Kafka's testWithSchemaNullFieldToUnix)", () => {
    const schema = SchemaBuilder.struct()
      .optional()
      .field('ts', TimestampSchema.builder().optional().build())
      .field('other', Schema.STRING_SCHEMA)
      .build();
    const smt = configured(TimestampConverterValue, { field: 'ts', 'target.type': 'unix' });
    const out = smt.apply(withValue(new Struct(schema).put('other', 'x'), schema));
    expect(out?.valueSchema?.field('ts')?.schema).toEqual(Schema.OPTIONAL_INT64_SCHEMA);
    expect([structValue(out).get('ts'), structValue(out).get('other')]).toEqual([null, 'x']);
    const tombstone = smt.apply(withValue(null, schema));
    expect([tombstone?.value, tombstone?.valueSchema?.field('ts')?.schema]).toEqual([
      null,
      Schema.OPTIONAL_INT64_SCHEMA,
    ]);
  });

  it.each([
    [true, new Date(0)],
    [false, null],
  ])(
    "reads a null field as its default when replace.null.with.default=%s (Kafka's testWithSchemaNullFieldWithDefaultConversion)",
    (replace, expected) => {
      const schema = SchemaBuilder.struct()
        .field('ts', SchemaBuilder.int64().optional().defaultValue(0n).build())
        .field('other', Schema.STRING_SCHEMA)
        .build();
      const smt = configured(TimestampConverterValue, {
        field: 'ts',
        'target.type': 'Timestamp',
        'replace.null.with.default': replace,
      });
      const out = smt.apply(withValue(new Struct(schema).put('ts', null).put('other', 'test'), schema));
      expect(out?.valueSchema?.field('ts')?.schema).toEqual(TimestampSchema.builder().optional().build());
      expect(structValue(out).getWithoutDefault('ts')).toEqual(expected);
    },
  );

  it("converts a struct schema's default and leaves a field the schema lacks alone", () => {
    const fields = () => SchemaBuilder.struct().field('ts', Schema.INT64_SCHEMA);
    const schema = fields().defaultValue(new Struct(fields().build()).put('ts', 86_400_000n)).build();
    const out = configured(TimestampConverterValue, { field: 'ts', 'target.type': 'Date' }).apply(
      withValue(new Struct(schema).put('ts', 0n), schema),
    );
    const converted = structValue(out).schema.defaultValue;
    expect(converted instanceof Struct && converted.get('ts')).toEqual(new Date(86_400_000));
    const other = configured(TimestampConverterValue, { field: 'missing', 'target.type': 'Date' });
    const value = new Struct(schema).put('ts', 5n);
    expect(structValue(other.apply(withValue(value, schema))).get('ts')).toBe(5n);
  });

  it("truncates toward zero between precisions and saturates at the long range (Kafka's _Micros/_Nanos cases)", () => {
    const text = configured(TimestampConverterValue, {
      'target.type': 'unix',
      'unix.precision': 'microseconds',
      format: 'yyyy-MM-dd HH:mm:ss.SSS',
    });
    expect(text.apply(withValue('1970-01-02 00:00:01.234'))?.value).toBe(86_401_234_000n);
    const fromMicros = configured(TimestampConverterValue, {
      'target.type': 'Timestamp',
      'unix.precision': 'microseconds',
    });
    expect(fromMicros.apply(withValue(86_401_234_567n))?.value).toEqual(new Date(86_401_234));
    expect(fromMicros.apply(withValue(-1_500n))?.value).toEqual(new Date(-1));
    const toNanos = configured(TimestampConverterValue, { 'target.type': 'unix', 'unix.precision': 'nanoseconds' });
    expect(toNanos.apply(withValue(new Date(8.64e15)))?.value).toBe(2n ** 63n - 1n);
  });

  it('infers unix only from a bigint, as Kafka only from a Long', () => {
    const smt = configured(TimestampConverterValue, { 'target.type': 'Timestamp' });
    expect(() => smt.apply(withValue(1_700_000_000_000))).toThrow(
      'TimestampConverter does not support number objects as timestamps',
    );
  });

  it('parses text from its start, ignoring what follows, as DateFormat.parse does', () => {
    const smt = configured(TimestampConverterValue, { 'target.type': 'Date', format: 'yyyyMMdd' });
    expect(smt.apply(withValue('20260307 and more'))?.value).toEqual(new Date(Date.UTC(2026, 2, 7)));
  });

  it("converts Kafka's own test string both ways (testSchemalessStringToTimestamp, testWithSchemaTimestampToString)", () => {
    const kafkaFormat = 'yyyy MM dd HH mm ss SSS z';
    const toTimestamp = configured(TimestampConverterValue, { 'target.type': 'Timestamp', format: kafkaFormat });
    expect(toTimestamp.apply(withValue('1970 01 02 00 00 01 234 UTC'))?.value).toEqual(new Date(86_401_234));
    const toText = configured(TimestampConverterValue, { 'target.type': 'string', format: kafkaFormat });
    const out = toText.apply(withValue(new Date(86_401_234), TimestampSchema.SCHEMA));
    expect([out?.value, out?.valueSchema]).toEqual(['1970 01 02 00 00 01 234 UTC', Schema.STRING_SCHEMA]);
  });

  it('refuses a field of a tombstone whose schema is no struct', () => {
    const smt = configured(TimestampConverterValue, { field: 'ts', 'target.type': 'unix' });
    expect(() => smt.apply(withValue(null, Schema.OPTIONAL_STRING_SCHEMA))).toThrow(
      'Cannot list fields on non-struct type STRING',
    );
  });
});
