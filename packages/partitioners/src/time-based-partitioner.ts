import { ConfigError, type PluginConfigs, type SinkRecord } from '@sinkkit/core';
import { DateTime, IANAZone } from 'luxon';
import { BasePartitioner, parsePartitionerConfig } from './base-partitioner.js';
import { compileJodaPattern } from './time/joda-format.js';
import { bucketStart } from './time/time-bucket.js';
import { createTimestampExtractor, type TimestampExtractor } from './time/timestamp-extractor.js';

/** The two settings a time-based partitioner is defined by; presets fix them. */
export interface TimeLayout {
  /** Bucket length in ms, aligned to local time in `timezone`. */
  readonly durationMs: number;
  /** Joda-Time pattern of the bucket's directories. */
  readonly pathFormat: string;
}

/**
 * Places each record in the directory of its time bucket: the record's time (from
 * `timestamp.extractor`) is rounded down to `partition.duration.ms` in `timezone` and printed with
 * `path.format` in `locale`, e.g. `year=2024/month=03/day=10/hour=03`. Mirrors Confluent
 * storage-common's `TimeBasedPartitioner` (also accepted by that name): same rounding, same
 * patterns, same extractors, so the same configuration gives the same keys.
 *
 * Late data: a record older than the newest bucket goes to its own bucket's directory (a file
 * of that directory is opened, or reused while the batch is open), never to the current one.
 * Extend this class to add segments (see `FieldAndTimePartitioner`) or override
 * {@link timeLayout} to fix the layout (see `HourlyPartitioner`).
 */
export class TimeBasedPartitioner extends BasePartitioner {
  static readonly CLASS_NAMES: readonly string[] = [
    'TimeBasedPartitioner',
    'time',
    'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    // Kafka Connect HDFS's older package, which StreamX configurations name.
    'io.confluent.connect.hdfs.partitioner.TimeBasedPartitioner',
  ];

  #layout: TimeLayout | undefined;
  #print: ((dt: DateTime) => string) | undefined;
  #zone: IANAZone | undefined;
  #locale = 'en';
  #extractor: TimestampExtractor | undefined;
  // Consecutive records mostly share a bucket: remember the last one printed.
  #lastBucket = Number.NaN;
  #lastText = '';

  override configure(config: PluginConfigs): void {
    super.configure(config);
    const c = parsePartitionerConfig(config);
    const layout = this.timeLayout(c.get('partition.duration.ms'), c.get('path.format'));
    if (!(layout.durationMs > 0)) {
      throw new ConfigError({
        key: 'partition.duration.ms',
        value: String(layout.durationMs),
        reason: 'a time-based partitioner needs a positive bucket length (3600000 for hourly directories)',
      });
    }
    let pathFormat = layout.pathFormat;
    if (pathFormat.trim() === '' || pathFormat === this.delim) {
      throw new ConfigError({ key: 'path.format', value: pathFormat, reason: 'Path format cannot be empty.' });
    }
    // As Confluent: a trailing delimiter is dropped (Confluent's own presets end with one).
    if (pathFormat.endsWith(this.delim)) pathFormat = pathFormat.slice(0, -this.delim.length);
    this.#layout = { durationMs: layout.durationMs, pathFormat };
    this.#zone = zoneOf(c.get('timezone'));
    this.#locale = localeOf(c.get('locale'));
    try {
      this.#print = compileJodaPattern(pathFormat);
    } catch (error) {
      throw new ConfigError(
        { key: 'path.format', value: pathFormat, reason: (error as Error).message },
        { cause: error },
      );
    }
    this.#extractor = createTimestampExtractor(config['timestamp.extractor']);
    this.#extractor.configure(config);
    this.#checkSegments(pathFormat);
    this.#lastBucket = Number.NaN;
  }

  /** The bucket length and pattern; presets override it to fix them, as Confluent's do. */
  protected timeLayout(durationMs: number, pathFormat: string): TimeLayout {
    return { durationMs, pathFormat };
  }

  encodePartition(record: SinkRecord, nowMs: number = Date.now()): string {
    const ts = this.timestamp(record, nowMs);
    if (ts === null) {
      const extractor = this.#configured().extractor.constructor.name;
      throw this.dataError(
        record,
        `Unable to determine timestamp using timestamp.extractor ${extractor}: the record has none`,
      );
    }
    return this.encodeTimestamp(ts);
  }

  /**
   * The record's time by `timestamp.extractor`, or `null` when it has none. The storage sink
   * also uses it for `rotate.interval.ms`, as Confluent's S3 sink uses the partitioner's extractor.
   */
  timestamp(record: SinkRecord, nowMs: number): number | null {
    const ts = this.#configured().extractor.extract(record, nowMs);
    return ts === null || !Number.isFinite(ts) ? null : ts;
  }

  /** The directories of the bucket holding `timestampMs`. */
  encodeTimestamp(timestampMs: number): string {
    const { layout, print, zone } = this.#configured();
    const start = bucketStart(timestampMs, layout.durationMs, zone);
    if (start !== this.#lastBucket) {
      this.#lastText = print(DateTime.fromMillis(start, { zone, locale: this.#locale }));
      this.#lastBucket = start;
    }
    return this.#lastText;
  }

  #configured() {
    if (!this.#layout || !this.#print || !this.#zone || !this.#extractor) {
      throw new Error(`${this.constructor.name} used before configure()`);
    }
    return { layout: this.#layout, print: this.#print, zone: this.#zone, extractor: this.#extractor };
  }

  /** A pattern whose output has an empty, `.` or `..` directory would break the key layout. */
  #checkSegments(pathFormat: string): void {
    const sample = this.encodeTimestamp(Date.UTC(2024, 0, 1));
    this.#lastBucket = Number.NaN;
    const parts = sample.split(this.delim).flatMap((p) => p.split('/'));
    if (parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new ConfigError({
        key: 'path.format',
        value: pathFormat,
        reason: `prints ${JSON.stringify(sample)}, which has an empty, "." or ".." directory`,
      });
    }
  }
}

function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) {
    throw new ConfigError({ key: 'timezone', value: name, reason: 'not an IANA time zone (e.g. UTC, Europe/Paris)' });
  }
  return zone;
}

/** Java's `en_US` and BCP 47's `en-US` both work; the region is honoured (Confluent keeps only the language). */
function localeOf(name: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(name.replaceAll('_', '-'));
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new ConfigError({ key: 'locale', value: name, reason: 'not a locale (e.g. en, de, fr_FR)' });
}
