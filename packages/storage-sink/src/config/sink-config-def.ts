import { atLeast, ConfigDef, range } from '@sinkkit/core';
import { storeConfigDef } from './store-config-def.js';

const MIB = 1024 * 1024;

/**
 * Every setting of the storage sink. Keys shared with Confluent's S3 sink keep its names,
 * types and defaults; sinkkit's own start with `sink.`, `store.` or `storage.`; where the files go (`store.url` and each
 * adapter's keys) is `storeConfigDef`, included here. The format's and
 * partitioner's own keys (`s3.compression.type`, `format.bytearray.separator`, …) are defined by
 * those plugins and checked when they are configured. docs/configuration.md is the reference.
 */
export const sinkConfigDef = () =>
  new ConfigDef()
    .define('topics.dir', {
      type: 'string',
      default: 'topics',
      importance: 'high',
      doc: 'Top-level directory of the data files, under the store root.',
    })
    .define('flush.size', {
      type: 'int',
      importance: 'high',
      validators: [atLeast(1)],
      doc: 'Records per file: a file reaching it commits every open file of its topic-partition.',
    })
    .define('rotate.interval.ms', {
      type: 'long',
      default: -1,
      validators: [atLeast(-1)],
      doc: 'Record-time rotation: commit when a record is this much newer than the first record of the open batch (record timestamp, wall clock when it has none). -1 disables.',
    })
    .define('rotate.schedule.interval.ms', {
      type: 'long',
      default: -1,
      validators: [atLeast(-1)],
      doc: 'Wall-clock rotation: commit open files at every multiple of this interval (aligned to midnight in `timezone`), idle partitions too. -1 disables.',
    })
    .define('timezone', {
      type: 'string',
      default: 'UTC',
      doc: 'IANA time zone for rotate.schedule.interval.ms alignment.',
    })
    .define('file.max.bytes', {
      type: 'long',
      default: -1,
      validators: [atLeast(-1)],
      doc: 'Commit when a file reaches this many bytes (written plus buffered). -1 disables.',
    })
    .define('sink.memory.budget.bytes', {
      type: 'long',
      default: 256 * MIB,
      validators: [atLeast(1)],
      doc: 'Most bytes all open files of the task may hold in encoder buffers; above it the topic-partition holding the most commits early.',
    })
    .define('partitioner.max.open.files', {
      type: 'int',
      default: 1000,
      validators: [atLeast(1)],
      doc: 'Most files open at once in the task; opening one more commits the topic-partition holding the most first.',
    })
    .define('schema.compatibility', {
      type: 'enum',
      values: ['NONE', 'BACKWARD', 'FORWARD', 'FULL'],
      default: 'NONE',
      doc: "How a value schema differing from its file's is handled, as in Confluent's storage connectors: NONE commits the open files and starts new ones on any change; BACKWARD and FULL keep files of the newest schema version (a newer version rotates, older records are projected onto it); FORWARD keeps files of the oldest (an older version rotates, newer records are projected). Projecting modes need schema versions; a record that cannot be projected is a data error handled per errors.tolerance.",
    })
    .define('sink.schema.pool.size', {
      type: 'int',
      default: 1,
      validators: [range({ min: 1, max: 64 })],
      doc: "Files of different value schemas one encoded partition may have open at once. 1 (default): one file, rotated when a record's schema does not fit it (Confluent's behaviour). Above 1: a record whose schema fits no open file opens a file of its own beside them, so records flipping between schemas do not end files after a record or two; each counts towards partitioner.max.open.files and the memory budget.",
    })
    .define('filename.offset.zero.pad.width', {
      type: 'int',
      default: 10,
      validators: [range({ min: 0, max: 19 })],
      doc: 'Width the start offset in file names is zero-padded to.',
    })
    .define('file.name.end.offset', {
      type: 'boolean',
      default: false,
      doc: "Also put the file's last offset in its name, as the Alluxio connector does: <topic>+<partition>+<start>+<end><ext>. The name is then known only when the file commits, so each file is held in memory until then (counted in sink.memory.budget.bytes): for small files.",
    })
    .define('directory.delim', { type: 'string', default: '/', doc: 'Delimiter between directory levels of a key.' })
    .define('file.delim', {
      type: 'string',
      default: '+',
      doc: 'Delimiter between topic, partition and offset in file names.',
    })
    .define('behavior.on.null.values', {
      type: 'enum',
      values: ['fail', 'ignore', 'write'],
      default: 'fail',
      doc: 'A record with a null value (tombstone): fail the task, ignore it (counted as skipped in the WAL entry), or write it (JSON: the line null).',
    })
    .define('format.class', {
      type: 'class',
      importance: 'high',
      doc: 'The output format: json / JsonFormat / io.confluent.connect.s3.format.json.JsonFormat, bytes / ByteArrayFormat / io.confluent.connect.s3.format.bytearray.ByteArrayFormat, csv / CsvFormat, avro / AvroFormat / io.confluent.connect.s3.format.avro.AvroFormat (needs @sinkkit/format-avro), parquet / ParquetFormat / io.confluent.connect.s3.format.parquet.ParquetFormat (needs @sinkkit/format-parquet), the GCS and Azure Confluent names of each, or a registered class.',
    })
    .define('partitioner.class', {
      type: 'class',
      default: 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
      doc: 'The partitioner: default / DefaultPartitioner / the Confluent name, or a registered class.',
    })
    .define('store.kafka.keys', {
      type: 'boolean',
      default: false,
      doc: "Also write each record's key, in a file beside each value file (`<value file stem>.keys<keys format extension>`, one record per value record, in order), committed in the same WAL entry.",
    })
    .define('store.kafka.headers', {
      type: 'boolean',
      default: false,
      doc: "Also write each record's headers (a list of `{key, value}`, values as text), in a file beside each value file (`<stem>.headers<extension>`), committed in the same WAL entry.",
    })
    .define('keys.format.class', {
      type: 'class',
      default: 'io.confluent.connect.s3.format.avro.AvroFormat',
      doc: 'Format of the keys files, any name format.class takes. Default Avro, as Confluent (needs @sinkkit/format-avro).',
    })
    .define('headers.format.class', {
      type: 'class',
      default: 'io.confluent.connect.s3.format.avro.AvroFormat',
      doc: 'Format of the headers files, any name format.class takes. Default Avro, as Confluent (needs @sinkkit/format-avro).',
    })
    .define('format.output.fields', {
      type: 'list',
      default: [],
      doc: 'The envelope: write each record as a record of these fields, in this order: key, value, topic, partition, offset, timestamp, headers. Empty (default): the value alone.',
    })
    .define('format.output.envelope', {
      type: 'boolean',
      default: true,
      doc: 'With one field in format.output.fields: false writes that field bare instead of in a record of one field.',
    })
    .define('sink.wal.prefix', { type: 'string', default: '_sinkkit/wal', doc: 'Key prefix of the commit log.' })
    .define('sink.ledger.prefix', {
      type: 'string',
      default: '_sinkkit/ledger',
      doc: 'Key prefix where trimmed log entries are archived (the audit trail).',
    })
    .define('sink.wal.keep', {
      type: 'int',
      default: 3,
      validators: [atLeast(1)],
      doc: 'Log entries kept per partition.',
    })
    .define('sink.wal.trim.every', {
      type: 'int',
      default: 16,
      validators: [atLeast(1)],
      doc: 'Trim the log (and write a ledger object) every this many commits of a partition.',
    })
    .include(storeConfigDef());

export type SinkConfigValues = ReturnType<ReturnType<typeof sinkConfigDef>['parse']>['values'];
