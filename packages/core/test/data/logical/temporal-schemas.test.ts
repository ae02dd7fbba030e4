import { describe, expect, it } from 'vitest';
import { DataError, DateSchema, Schema, TimeSchema, TimestampSchema } from '../../../src/index.js';

describe('DateSchema', () => {
  it('is INT32 days since the epoch, named like Connect', () => {
    expect(DateSchema.SCHEMA).toMatchObject({ type: 'INT32', name: 'org.apache.kafka.connect.data.Date', version: 1 });
    const leapDay = new Date('2024-02-29T00:00:00Z');
    expect(DateSchema.fromLogical(DateSchema.SCHEMA, leapDay)).toBe(19_782);
    expect(DateSchema.toLogical(DateSchema.SCHEMA, 19_782)).toEqual(leapDay);
    expect(DateSchema.fromLogical(DateSchema.SCHEMA, new Date('1969-12-31T00:00:00Z'))).toBe(-1);
  });

  it('refuses a time of day, an invalid date and a foreign schema', () => {
    expect(() => DateSchema.fromLogical(DateSchema.SCHEMA, new Date('2024-02-29T00:00:01Z'))).toThrow(
      'should not have any time fields set',
    );
    expect(() => DateSchema.fromLogical(DateSchema.SCHEMA, new Date(Number.NaN))).toThrow(DataError);
    expect(() => DateSchema.fromLogical(Schema.INT32_SCHEMA, new Date(0))).toThrow(
      'Expected a org.apache.kafka.connect.data.Date schema, got Schema{INT32}',
    );
  });
});

describe('TimeSchema', () => {
  it('is INT32 milliseconds since midnight on 1970-01-01', () => {
    expect(TimeSchema.SCHEMA).toMatchObject({ type: 'INT32', name: 'org.apache.kafka.connect.data.Time', version: 1 });
    const time = new Date('1970-01-01T23:59:59.999Z');
    expect(TimeSchema.fromLogical(TimeSchema.SCHEMA, time)).toBe(86_399_999);
    expect(TimeSchema.toLogical(TimeSchema.SCHEMA, 86_399_999)).toEqual(time);
  });

  it('refuses dates other than 1970-01-01 and out-of-range raw values', () => {
    expect(() => TimeSchema.fromLogical(TimeSchema.SCHEMA, new Date('1970-01-02T00:00:00Z'))).toThrow(
      'should not have any date fields set',
    );
    expect(() => TimeSchema.toLogical(TimeSchema.SCHEMA, 86_400_000)).toThrow('Time out of range');
    expect(() => TimeSchema.toLogical(TimeSchema.SCHEMA, -1)).toThrow('Time out of range');
  });
});

describe('TimestampSchema', () => {
  it('is INT64 (bigint) milliseconds since the epoch', () => {
    expect(TimestampSchema.SCHEMA).toMatchObject({
      type: 'INT64',
      name: 'org.apache.kafka.connect.data.Timestamp',
      version: 1,
    });
    const at = new Date('2024-02-29T13:00:00.123Z');
    expect(TimestampSchema.fromLogical(TimestampSchema.SCHEMA, at)).toBe(1_709_211_600_123n);
    expect(TimestampSchema.toLogical(TimestampSchema.SCHEMA, 1_709_211_600_123n)).toEqual(at);
    expect(TimestampSchema.toLogical(TimestampSchema.SCHEMA, -1)).toEqual(new Date(-1));
    expect(TimestampSchema.builder().optional().build().optional).toBe(true);
  });
});
