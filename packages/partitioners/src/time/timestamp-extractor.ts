import { ConfigError, DataError, LogicalNames, type PluginConfigs, type SinkRecord } from '@sinkkit/core';
import { DateTime } from 'luxon';
import { describe, lookupField } from '../fields/field-lookup.js';

/**
 * Where a time-based partitioner gets a record's time, like Confluent storage-common's
 * `TimestampExtractor`. `configure` gets the whole connector configuration once; `extract`
 * returns epoch milliseconds, `null` when the record has no time (the partitioner then throws a
 * `DataError`), or throws a `DataError` itself for a value it cannot read. It must be pure:
 * the same record and `nowMs` give the same time.
 */
export interface TimestampExtractor {
  configure(config: PluginConfigs): void;
  extract(record: SinkRecord, nowMs: number): number | null;
}

/** A class of {@link TimestampExtractor}, as `timestamp.extractor` may name or hold it. */
export type TimestampExtractorClass = new () => TimestampExtractor;

/** Processing time: the sink's clock when the record is written (Confluent's default). */
export class WallclockTimestampExtractor implements TimestampExtractor {
  configure(): void {}
  extract(_record: SinkRecord, nowMs: number): number {
    return nowMs;
  }
}

/** The Kafka record's timestamp (CreateTime or LogAppendTime). */
export class RecordTimestampExtractor implements TimestampExtractor {
  configure(): void {}
  extract(record: SinkRecord): number | null {
    return record.timestamp;
  }
}

/**
 * A field of the record value, `timestamp.field` (nested as `a.b.c`), as Confluent's
 * `RecordFieldTimestampExtractor` reads it: integers are epoch millis; text is ISO-8601 (an
 * offset-less text is read as UTC; Confluent reads it in the JVM's default zone, UTC on most
 * servers); Connect `Timestamp` and `Date` values (JS `Date`s) are their instant. Anything else
 * (floats in a Struct, bytes, structs, null) is a `DataError`.
 */
export class RecordFieldTimestampExtractor implements TimestampExtractor {
  #field = 'timestamp';

  configure(config: PluginConfigs): void {
    const raw = config['timestamp.field'];
    this.#field = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : 'timestamp';
  }

  extract(record: SinkRecord): number {
    const name = this.#field;
    const fail = (reason: string) =>
      new DataError(`Cannot read the time of the record from timestamp.field ${name}: ${reason}`, {
        topic: record.topic,
        partition: record.kafkaPartition,
        offset: record.kafkaOffset,
        code: 'PARTITION_INVALID',
      });
    const found = lookupField(record.value, name);
    if (typeof found === 'string') throw fail(found);
    if (found === undefined) throw fail('the field is missing');
    const { value, schema } = found;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw fail('an invalid Date');
      return value.getTime();
    }
    if (schema && schema.name !== LogicalNames.TIMESTAMP && schema.name !== LogicalNames.DATE) {
      if (!['INT32', 'INT64', 'STRING'].includes(schema.type)) throw fail(`type ${schema.type} is not a time`);
    }
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' && Number.isFinite(value)) {
      if (schema === null || Number.isInteger(value)) return Math.trunc(value);
    }
    if (typeof value === 'string') {
      const parsed = DateTime.fromISO(value, { zone: 'utc' });
      if (!parsed.isValid) throw fail('the text is not an ISO-8601 date-time');
      return parsed.toMillis();
    }
    throw fail(`${describe(value)} is not a time`);
  }
}

const CONFLUENT_PREFIX = 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$';
const registry = new Map<string, TimestampExtractorClass>();
for (const [short, cls] of [
  ['Wallclock', WallclockTimestampExtractor],
  ['Record', RecordTimestampExtractor],
  ['RecordField', RecordFieldTimestampExtractor],
] as const) {
  registry.set(short, cls);
  registry.set(`${CONFLUENT_PREFIX}${short}TimestampExtractor`, cls);
}

/**
 * Makes a custom extractor nameable in `timestamp.extractor` (Node has no class path: this is
 * how a properties file reaches a class of the application). In code the class itself may be
 * given as the value instead.
 */
export function registerTimestampExtractor(name: string, extractor: TimestampExtractorClass): void {
  registry.set(name, extractor);
}

/** An extractor from a `timestamp.extractor` value: a name, a class or an instance. */
export function createTimestampExtractor(value: unknown): TimestampExtractor {
  if (typeof value === 'function') return new (value as TimestampExtractorClass)();
  if (typeof value === 'object' && value !== null && typeof (value as TimestampExtractor).extract === 'function') {
    return value as TimestampExtractor;
  }
  const name = typeof value === 'string' && value.trim() !== '' ? value.trim() : 'Wallclock';
  const found = registry.get(name);
  if (!found) {
    throw new ConfigError({
      key: 'timestamp.extractor',
      value: name,
      reason: `unknown extractor; known: ${[...registry.keys()].filter((k) => !k.includes('$')).join(', ')} (or register one with registerTimestampExtractor)`,
    });
  }
  return new found();
}
