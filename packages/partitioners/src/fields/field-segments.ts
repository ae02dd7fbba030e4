import type { SinkRecord } from '@sinkkit/core';
import { encodeSegment, type SegmentEncoding } from '../safety/segment-encoding.js';
import { describe, lookupField } from './field-lookup.js';

/** Schema types whose values make a directory name, as in Confluent's `FieldPartitioner`. */
const PARTITIONABLE = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'STRING', 'BOOLEAN']);

/**
 * The `name=value` segments of `partition.field.name`, shared by the field and field+time
 * partitioners. Throws (via `fail`) for a record it cannot place: a value that is not a Struct or
 * map, a missing field, or a field whose type does not name a directory (float, bytes, struct,
 * array, map, Date/Time/Timestamp: Confluent refuses the same types).
 */
export class FieldSegments {
  constructor(
    readonly fieldNames: readonly string[],
    readonly delim: string,
    readonly encoding: SegmentEncoding = 'safe',
  ) {}

  encode(record: SinkRecord, fail: (reason: string) => Error): string[] {
    return this.fieldNames.map((name) => {
      const found = lookupField(record.value, name);
      if (typeof found === 'string') throw fail(`Cannot read partition field ${name}: ${found}`);
      if (found === undefined) throw fail(`Partition field ${name} is missing from the record value`);
      const text = this.#text(name, found.value, found.schema?.type, found.schema?.name, fail);
      return `${encodeSegment(name, this.delim, this.encoding)}=${encodeSegment(text, this.delim, this.encoding)}`;
    });
  }

  #text(
    name: string,
    value: unknown,
    type: string | undefined,
    logicalName: string | null | undefined,
    fail: (reason: string) => Error,
  ): string | null {
    if (type !== undefined && (!PARTITIONABLE.has(type) || logicalName)) {
      throw fail(
        `Partition field ${name} is ${logicalName ?? type}; only integers, strings and booleans name a directory`,
      );
    }
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw fail(`Partition field ${name} is ${describe(value)}; only integers, strings and booleans name a directory`);
  }
}
