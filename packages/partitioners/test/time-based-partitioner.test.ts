import {
  ConfigError,
  DataError,
  DateSchema,
  Schema,
  SchemaBuilder,
  SinkRecord,
  Struct,
  TimestampSchema,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import {
  DailyPartitioner,
  HourlyPartitioner,
  RecordFieldTimestampExtractor,
  registerTimestampExtractor,
  TimeBasedPartitioner,
  type TimestampExtractor,
} from '../src/index.js';

const at = (iso: string) => Date.parse(iso);
const rec = (init: { timestamp?: number | null; value?: unknown; valueSchema?: Schema | null } = {}) =>
  new SinkRecord({ topic: 'topic', kafkaPartition: 0, kafkaOffset: 5n, ...init });

function timeBased(config: Record<string, unknown>, cls: new () => TimeBasedPartitioner = TimeBasedPartitioner) {
  const p = new cls();
  p.configure({ 'timestamp.extractor': 'Record', ...config });
  return p;
}

// Confluent storage-common TimeBasedPartitionerTest: PATH_FORMAT and zone used throughout.
const CONFLUENT_FORMAT = "'year'=YYYY/'month'=M/'day'=d/'hour'=H/";
const LA = 'America/Los_Angeles';

describe('TimeBasedPartitioner: same keys as Confluent for the same configuration', () => {
  it('BiHourly test: 2h buckets in Los Angeles, 2015-04-02T01:00 local → topic/year=2015/month=4/day=2/hour=0', () => {
    // storage-common TimeBasedPartitionerTest.testGeneratePartitionedPath (2 h duration; the
    // trailing "/" of Confluent's generatePartitionedPath is not part of sinkkit's directory).
    const p = timeBased({ 'partition.duration.ms': 7_200_000, 'path.format': CONFLUENT_FORMAT, timezone: LA });
    const encoded = p.encodePartition(rec({ timestamp: at('2015-04-02T01:00:00-07:00') }));
    expect(p.partitionedPath('topic', encoded)).toBe('topic/year=2015/month=4/day=2/hour=0');
  });

  it('RecordField extractor: Struct millis, ISO text with and without millis, Timestamp, INT32 → year=2015/month=4/day=2/hour=1', () => {
    // storage-common TimeBasedPartitionerTest.testRecordFieldTimeDateExtractor.
    const p = timeBased({
      'partition.duration.ms': 3_600_000,
      'path.format': CONFLUENT_FORMAT,
      timezone: LA,
      'timestamp.extractor': 'RecordField',
      'timestamp.field': 'timestamp',
    });
    const moment = at('2015-04-02T01:00:00-07:00');
    const withField = (schema: Schema, value: unknown) => {
      const s = SchemaBuilder.struct().field('timestamp', schema).build();
      return rec({ value: new Struct(s).put('timestamp', value), valueSchema: s });
    };
    expect(p.encodePartition(withField(Schema.INT64_SCHEMA, BigInt(moment)))).toBe('year=2015/month=4/day=2/hour=1');
    expect(p.encodePartition(withField(Schema.STRING_SCHEMA, '2015-04-02T01:00:00-07:00'))).toBe(
      'year=2015/month=4/day=2/hour=1',
    );
    expect(p.encodePartition(withField(Schema.STRING_SCHEMA, '2015-04-02T01:00:00.000-07:00'))).toBe(
      'year=2015/month=4/day=2/hour=1',
    );
    expect(p.encodePartition(withField(TimestampSchema.SCHEMA, new Date(moment)))).toBe(
      'year=2015/month=4/day=2/hour=1',
    );
    // 1970-01-01T00:00 in Los Angeles as an INT32.
    expect(p.encodePartition(withField(Schema.INT32_SCHEMA, 8 * 3_600_000))).toBe('year=1970/month=1/day=1/hour=0');
    // Schemaless map, and a nested field (testNestedRecordFieldTimeExtractor).
    expect(p.encodePartition(rec({ value: { timestamp: moment } }))).toBe('year=2015/month=4/day=2/hour=1');
    const nested = timeBased({
      'partition.duration.ms': 3_600_000,
      'path.format': CONFLUENT_FORMAT,
      timezone: LA,
      'timestamp.extractor': 'RecordField',
      'timestamp.field': 'nested.timestamp',
    });
    expect(nested.encodePartition(rec({ value: { nested: { timestamp: new Date(moment) } } }))).toBe(
      'year=2015/month=4/day=2/hour=1',
    );
  });

  it("the documented Hourly and Daily layouts (Confluent S3 sink docs: HourlyPartitioner = path.format 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH, partition.duration.ms=3600000)", () => {
    const ts = at('2015-12-07T15:30:00Z');
    expect(timeBased({}, HourlyPartitioner).encodePartition(rec({ timestamp: ts }))).toBe(
      'year=2015/month=12/day=07/hour=15',
    );
    expect(timeBased({}, DailyPartitioner).encodePartition(rec({ timestamp: ts }))).toBe('year=2015/month=12/day=07');
    // The presets fix their layout: path.format and partition.duration.ms are ignored, as in Confluent.
    expect(
      timeBased({ 'path.format': 'YYYY', 'partition.duration.ms': 60_000 }, HourlyPartitioner).encodePartition(
        rec({ timestamp: ts }),
      ),
    ).toBe('year=2015/month=12/day=07/hour=15');
    expect(HourlyPartitioner.CLASS_NAMES).toContain('io.confluent.connect.storage.partitioner.HourlyPartitioner');
    expect(DailyPartitioner.CLASS_NAMES).toContain('io.confluent.connect.storage.partitioner.DailyPartitioner');
  });

  it('aligns buckets in the time zone: a UTC instant lands on the local day and hour', () => {
    const ts = at('2024-06-30T23:30:00Z');
    expect(timeBased({ timezone: 'Asia/Tokyo' }, DailyPartitioner).encodePartition(rec({ timestamp: ts }))).toBe(
      'year=2024/month=07/day=01',
    );
    expect(timeBased({ timezone: 'Asia/Kolkata' }, HourlyPartitioner).encodePartition(rec({ timestamp: ts }))).toBe(
      'year=2024/month=07/day=01/hour=05',
    );
    // A 15-minute bucket in a zone with a 45-minute offset (Nepal, +05:45): 05:15 local.
    const q = timeBased({ timezone: 'Asia/Kathmandu', 'partition.duration.ms': 900_000, 'path.format': "HH'h'mm" });
    expect(q.encodePartition(rec({ timestamp: at('2024-06-30T23:31:00Z') }))).toBe('05h15');
  });

  describe('DST in America/New_York with hourly partitions (Joda semantics)', () => {
    const hourly = () => timeBased({ timezone: 'America/New_York' }, HourlyPartitioner);
    it('spring forward 2024-03-10: 01:xx EST then 03:xx EDT, no hour=02', () => {
      const p = hourly();
      expect(p.encodePartition(rec({ timestamp: at('2024-03-10T06:59:59Z') }))).toBe(
        'year=2024/month=03/day=10/hour=01',
      );
      expect(p.encodePartition(rec({ timestamp: at('2024-03-10T07:00:00Z') }))).toBe(
        'year=2024/month=03/day=10/hour=03',
      );
    });
    it('fall back 2024-11-03: both 01:xx hours (EDT and EST) share hour=01', () => {
      const p = hourly();
      expect(p.encodePartition(rec({ timestamp: at('2024-11-03T05:30:00Z') }))).toBe(
        'year=2024/month=11/day=03/hour=01',
      );
      expect(p.encodePartition(rec({ timestamp: at('2024-11-03T06:30:00Z') }))).toBe(
        'year=2024/month=11/day=03/hour=01',
      );
      expect(p.encodePartition(rec({ timestamp: at('2024-11-03T07:30:00Z') }))).toBe(
        'year=2024/month=11/day=03/hour=02',
      );
    });
    it('a 2-hour bucket starting in the gap (02:00 local) resolves as Joda’s non-strict convertLocalToUTC: hour=03', () => {
      const p = timeBased({
        timezone: 'America/New_York',
        'partition.duration.ms': 7_200_000,
        'path.format': "'hour'=HH",
      });
      expect(p.encodePartition(rec({ timestamp: at('2024-03-10T07:30:00Z') }))).toBe('hour=03');
    });
    it('daily partitions keep local days across the change', () => {
      const p = timeBased({ timezone: 'America/New_York' }, DailyPartitioner);
      expect(p.encodePartition(rec({ timestamp: at('2024-03-11T03:59:00Z') }))).toBe('year=2024/month=03/day=10');
      expect(p.encodePartition(rec({ timestamp: at('2024-03-11T04:00:00Z') }))).toBe('year=2024/month=03/day=11');
    });
  });

  describe('locale: month and day names as Java (CLDR) prints them', () => {
    const names = (locale: string) =>
      timeBased({
        locale,
        'partition.duration.ms': 86_400_000,
        'path.format': 'YYYY/MMMM/MMM/EEEE/EEE',
      }).encodePartition(rec({ timestamp: at('2024-01-15T10:00:00Z') }));
    it('German, French, Russian (genitive month names, as Java formats them), Japanese', () => {
      expect(names('de')).toBe('2024/Januar/Jan./Montag/Mo.');
      expect(names('fr')).toBe('2024/janvier/janv./lundi/lun.');
      expect(names('ru')).toMatch(/^2024\/января\/янв\.\/понедельник\/пн$/);
      expect(names('ja')).toBe('2024/1月/1月/月曜日/月');
      expect(names('en_US')).toBe('2024/January/Jan/Monday/Mon');
    });
  });

  describe('Joda pattern letters', () => {
    const print = (pattern: string, iso = '2024-12-30T07:05:09.042Z') =>
      timeBased({ 'partition.duration.ms': 1, 'path.format': pattern }).encodePartition(rec({ timestamp: at(iso) }));
    it('Y is year of era (not LDML week-year), x is week-year, w the ISO week', () => {
      expect(print('YYYY-xxxx-ww')).toBe('2024-2025-01');
    });
    it('two-letter years, padding, fractions, 12/24-hour clocks, day of year, offsets', () => {
      expect(print('yy/M/d/H')).toBe('24/12/30/7');
      expect(print('DDD-e-SSS-SS-S')).toBe('365-1-042-04-0');
      expect(print('h-K-k-a', '2024-12-30T00:05:00Z')).toBe('12-0-24-AM');
      expect(print('Z/ZZ/ZZZ')).toBe('+0000/+00:00/UTC');
      expect(print("'it''s'/''")).toBe("it's/'");
    });
  });

  describe('configuration errors name the key', () => {
    const bad: [string, Record<string, unknown>, string][] = [
      [
        "letters outside quotes (Confluent's testInvalidPathFormat: year='YYYY'/month='MM')",
        { 'path.format': "year='YYYY'/month='MM'", 'partition.duration.ms': 1 },
        'path.format',
      ],
      ['an empty path.format', { 'path.format': '', 'partition.duration.ms': 1 }, 'path.format'],
      ['path.format equal to the delimiter', { 'path.format': '/', 'partition.duration.ms': 1 }, 'path.format'],
      ["a path.format printing '..'", { 'path.format': "'..'/YYYY", 'partition.duration.ms': 1 }, 'path.format'],
      ['no partition.duration.ms', { 'path.format': 'YYYY' }, 'partition.duration.ms'],
      ['an unknown zone', { 'path.format': 'YYYY', 'partition.duration.ms': 1, timezone: 'Mars/Olympus' }, 'timezone'],
      ['a bad locale', { 'path.format': 'YYYY', 'partition.duration.ms': 1, locale: '!!' }, 'locale'],
      [
        'an unknown extractor',
        { 'path.format': 'YYYY', 'partition.duration.ms': 1, 'timestamp.extractor': 'Future' },
        'timestamp.extractor',
      ],
    ];
    for (const [what, config, key] of bad) {
      it(what, () => {
        let error: unknown;
        try {
          timeBased(config);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).keys).toEqual([key]);
      });
    }
    it('drops a trailing delimiter from path.format, as Confluent does', () => {
      expect(
        timeBased({ 'path.format': "'year='YYYY/", 'partition.duration.ms': 1 }).encodePartition(rec({ timestamp: 0 })),
      ).toBe('year=1970');
    });
  });

  describe('extractors', () => {
    const base = { 'partition.duration.ms': 3_600_000, 'path.format': "'hour'=HH" };
    it('Wallclock (the default) uses the sink clock passed in, not the record', () => {
      const p = new TimeBasedPartitioner();
      p.configure(base);
      expect(p.encodePartition(rec({ timestamp: at('2024-01-01T01:00:00Z') }), at('2024-01-01T09:10:00Z'))).toBe(
        'hour=09',
      );
    });
    it('accepts Confluent’s extractor class names', () => {
      const p = timeBased({
        ...base,
        'timestamp.extractor': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordTimestampExtractor',
      });
      expect(p.encodePartition(rec({ timestamp: at('2024-01-01T01:00:00Z') }), 0)).toBe('hour=01');
    });
    it('a custom extractor: registered by name, or given as a class in code', () => {
      class HeaderTime implements TimestampExtractor {
        configure() {}
        extract(record: SinkRecord) {
          return Number(record.key);
        }
      }
      registerTimestampExtractor('HeaderTime', HeaderTime);
      const keyed = new SinkRecord({
        topic: 't',
        kafkaPartition: 0,
        kafkaOffset: 0,
        key: String(at('2024-01-01T04:00:00Z')),
      });
      expect(timeBased({ ...base, 'timestamp.extractor': 'HeaderTime' }).encodePartition(keyed)).toBe('hour=04');
      expect(timeBased({ ...base, 'timestamp.extractor': HeaderTime }).encodePartition(keyed)).toBe('hour=04');
    });
    it('the storage sink reads the extractor’s time for rotate.interval.ms', () => {
      const p = timeBased({ ...base, 'timestamp.extractor': 'RecordField', 'timestamp.field': 'ts' });
      expect(p.timestamp(rec({ value: { ts: 1234 }, timestamp: 99 }), 0)).toBe(1234);
    });
    it('Connect Date values and offset-less ISO text (read as UTC)', () => {
      const p = timeBased({
        'partition.duration.ms': 86_400_000,
        'path.format': 'YYYY-MM-dd',
        'timestamp.extractor': 'RecordField',
        'timestamp.field': 'day',
      });
      const s = SchemaBuilder.struct().field('day', DateSchema.SCHEMA).build();
      expect(
        p.encodePartition(
          rec({ value: new Struct(s).put('day', new Date(at('2024-02-29T00:00:00Z'))), valueSchema: s }),
        ),
      ).toBe('2024-02-29');
      expect(p.encodePartition(rec({ value: { day: '2024-02-29' } }))).toBe('2024-02-29');
    });
  });

  describe('records without a usable time → DataError naming topic, partition and offset', () => {
    const fieldBased = () =>
      timeBased({
        'partition.duration.ms': 3_600_000,
        'path.format': 'HH',
        'timestamp.extractor': 'RecordField',
        'timestamp.field': 'ts',
      });
    const floats = SchemaBuilder.struct().field('ts', Schema.FLOAT64_SCHEMA).build();
    const cases: [string, TimeBasedPartitioner, SinkRecord, RegExp][] = [
      [
        'Record extractor, no Kafka timestamp (Confluent: testRecordTimeExtractorNullSinkRecordTime)',
        timeBased({ 'partition.duration.ms': 1, 'path.format': 'HH' }),
        rec({ timestamp: null }),
        /Unable to determine timestamp/,
      ],
      ['a missing field', fieldBased(), rec({ value: { other: 1 } }), /missing/],
      [
        'a FLOAT64 field (Confluent: testDoubleTimeExtract)',
        fieldBased(),
        rec({ value: new Struct(floats).put('ts', 1.5), valueSchema: floats }),
        /FLOAT64/,
      ],
      [
        'text that is not ISO-8601 (Confluent: testInvalidStringTimeMapExtract)',
        fieldBased(),
        rec({ value: { ts: 'def' } }),
        /ISO-8601/,
      ],
      ['an array', fieldBased(), rec({ value: { ts: [1] } }), /an array/],
      [
        'a value that is not a Struct or map (Confluent: testRecordFieldNotStructOrMap)',
        fieldBased(),
        rec({ value: 'foo', valueSchema: Schema.STRING_SCHEMA }),
        /not a Struct or map/,
      ],
      ['a null field', fieldBased(), rec({ value: { ts: null } }), /null is not a time/],
    ];
    for (const [what, p, record, message] of cases) {
      it(what, () => {
        let error: unknown;
        try {
          p.encodePartition(record, 0);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DataError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toContain('(topic topic, partition 0, offset 5)');
      });
    }
    it('RecordFieldTimestampExtractor is exported for subclassing', () => {
      expect(new RecordFieldTimestampExtractor()).toBeDefined();
    });
  });
});
