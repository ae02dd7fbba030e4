import type { ConfigDef } from '../config/config-def.js';
import type { PluginConfigs } from '../connector/props.js';
import type { SinkRecord } from '../record/sink-record.js';

/**
 * Decides which directory of the object store a record lands in, like Confluent
 * storage-common's `Partitioner`. The storage sink groups a topic-partition's records by the
 * encoded partition: one open file per distinct value, all committed together.
 *
 * Contract:
 * - `configure` is called once, before any other method, with the whole connector
 *   configuration (typed values or strings as in a `.properties` file); it throws a
 *   `ConfigError` naming the key, the value and the reason for a bad setting.
 * - `encodePartition` is pure and cheap (it runs for every record): the same record and `nowMs`
 *   give the same string. It returns a path (e.g. `partition=3`, `year=2024/month=05`) made of
 *   segments that are non-empty and free of `.`/`..`; it may throw a `DataError` for a record it
 *   cannot place (a missing field).
 * - `partitionedPath` joins topic and encoded partition into the directory (no leading or
 *   trailing delimiter) under `topics.dir`; Confluent's default is `<topic>/<encodedPartition>`.
 */
export interface Partitioner {
  /** Reads the partitioner's settings (`directory.delim`, `partition.field.name`, …). */
  configure(config: PluginConfigs): void;

  /**
   * The encoded partition of `record`. `nowMs` is the sink's wall clock, for partitioners that
   * place records by processing time; others ignore it.
   */
  encodePartition(record: SinkRecord, nowMs?: number): string;

  /** The directory, relative to `topics.dir`, of files of `topic` with this encoded partition. */
  partitionedPath(topic: string, encodedPartition: string): string;

  /**
   * The record's time as this partitioner sees it (a time-based partitioner's
   * `timestamp.extractor`), or `null` for none. Optional: the storage sink uses it for
   * `rotate.interval.ms`, as Confluent's S3 sink uses the partitioner's extractor, and falls back
   * to the Kafka timestamp when it is absent.
   */
  timestamp?(record: SinkRecord, nowMs: number): number | null;

  /** The settings this partitioner understands, for docs and validation. */
  config?(): ConfigDef;
}
