import type { Schema } from '@sinkkit/core';
import type { SchemaCompatibility } from '../schema/schema-compatibility.js';
import { type PooledFile, type PoolRoute, routeRecord } from '../schema/schema-pool.js';
import { nextScheduledRotation } from './schedule.js';

/** Why a topic-partition's open files are committed. */
export type RotationReason =
  | 'flush.size'
  | 'file.max.bytes'
  | 'rotate.interval.ms'
  | 'rotate.schedule.interval.ms'
  | 'schema'
  | 'memory.budget'
  | 'max.open.files';

/** What the policy knows of one open file. */
export interface FileStats {
  readonly recordCount: number;
  /** Bytes handed to storage plus bytes buffered by the format. */
  readonly bytes: number;
  readonly schema: Schema | null;
}

/** The rotation settings (Confluent's keys); -1 disables a limit. */
export interface RotationSettings {
  readonly flushSize: number;
  readonly rotateIntervalMs: number;
  readonly rotateScheduleIntervalMs: number;
  readonly timeZone: string;
  readonly fileMaxBytes: number;
  /** `schema.compatibility`. Default `NONE`. */
  readonly schemaCompatibility?: SchemaCompatibility;
  /** `sink.schema.pool.size`: files of different schemas one encoded partition may have open. Default 1. */
  readonly schemaPoolSize?: number;
}

/**
 * Decides when a topic-partition's batch is committed; it never writes anything. Pure
 * functions of the state it is shown, so every rule is table-tested with plain numbers.
 *
 * - before a record is written: record time `rotate.interval.ms` past the batch's first record
 *   (the record then starts the next batch, as in Confluent), or a schema that fits none of its
 *   encoded partition's open files under `schema.compatibility` with no free slot in the
 *   schema pool ({@link route});
 * - after it is written: its file reached `flush.size` records or `file.max.bytes`;
 * - on any call (put, preCommit): the wall clock passed the batch's scheduled rotation.
 */
export class RotationPolicy {
  readonly settings: RotationSettings;

  constructor(settings: RotationSettings) {
    this.settings = settings;
  }

  /**
   * Whether to commit before writing a record of time `recordTime` and schema `schema` into
   * `file`, the encoded partition's only file: any schema change rotates (`schema.compatibility`
   * NONE without a pool; {@link route} covers every mode and pool size).
   */
  beforeWrite(
    file: FileStats | undefined,
    schema: Schema | null,
    recordTime: number,
    batchBaseTime: number | undefined,
  ): RotationReason | undefined {
    if (file && !sameSchema(file.schema, schema)) return 'schema';
    return this.onTime(recordTime, batchBaseTime);
  }

  /** Whether a record of time `recordTime` must start a new batch (`rotate.interval.ms`). */
  onTime(recordTime: number, batchBaseTime: number | undefined): 'rotate.interval.ms' | undefined {
    const interval = this.settings.rotateIntervalMs;
    if (interval > 0 && batchBaseTime !== undefined && recordTime - batchBaseTime >= interval) {
      return 'rotate.interval.ms';
    }
    return undefined;
  }

  /**
   * Which of its encoded partition's `open` files a record of value schema `schema` goes to, or
   * whether a new one opens or the batch rotates first (`schema.compatibility`,
   * `sink.schema.pool.size`; see `routeRecord`). Throws a `DataError` for a record that cannot be
   * judged (no schema version in a projecting mode, schemaless among schema'd records).
   */
  route(schema: Schema | null, open: readonly PooledFile[]): PoolRoute {
    const { schemaCompatibility = 'NONE', schemaPoolSize = 1 } = this.settings;
    return routeRecord(schemaCompatibility, schema, open, schemaPoolSize);
  }

  /** Whether to commit after a record went into `file`. */
  afterWrite(file: FileStats): RotationReason | undefined {
    if (file.recordCount >= this.settings.flushSize) return 'flush.size';
    const max = this.settings.fileMaxBytes;
    if (max > 0 && file.bytes >= max) return 'file.max.bytes';
    return undefined;
  }

  /** When a batch opened at `openedAtMs` (wall clock) must be committed; `undefined`: never by schedule. */
  deadline(openedAtMs: number): number | undefined {
    const { rotateScheduleIntervalMs: interval, timeZone } = this.settings;
    return interval > 0 ? nextScheduledRotation(openedAtMs, interval, timeZone) : undefined;
  }
}

function sameSchema(a: Schema | null, b: Schema | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return a.equals(b);
}
