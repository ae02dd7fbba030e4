import { atLeast, ConfigDef, range } from '@sinkkit/core';

const MIB = 1024 * 1024;

/**
 * Every setting of the storage sink. Keys shared with Confluent's S3 sink keep its names,
 * types and defaults; sinkkit's own start with `sink.`, `store.` or `storage.`. The format's and
 * partitioner's own keys (`s3.compression.type`, `format.bytearray.separator`, …) are defined by
 * those plugins and checked when they are configured. docs/configuration.md is the reference.
 */
export const sinkConfigDef = () =>
  new ConfigDef()
    .define('store.url', {
      type: 'string',
      default: null,
      importance: 'high',
      doc: 'Where files go: file:///absolute/folder or s3://bucket/optional/prefix. Not needed when a Storage is passed in code, or with s3.bucket.name.',
    })
    .define('storage.class', {
      type: 'enum',
      values: ['fs', 's3', 'io.confluent.connect.s3.storage.S3Storage'],
      default: null,
      doc: 'The storage adapter: fs or s3 (Confluent name accepted). Default: from store.url, or s3 when s3.bucket.name is set.',
    })
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
    .define('filename.offset.zero.pad.width', {
      type: 'int',
      default: 10,
      validators: [range({ min: 0, max: 19 })],
      doc: 'Width the start offset in file names is zero-padded to.',
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
      doc: 'The output format: json / JsonFormat / io.confluent.connect.s3.format.json.JsonFormat, bytes / ByteArrayFormat / io.confluent.connect.s3.format.bytearray.ByteArrayFormat, or a registered class.',
    })
    .define('partitioner.class', {
      type: 'class',
      default: 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
      doc: 'The partitioner: default / DefaultPartitioner / the Confluent name, or a registered class.',
    })
    .define('s3.bucket.name', { type: 'string', default: null, doc: 'S3 bucket (when store.url is not an s3:// URL).' })
    .define('s3.region', {
      type: 'string',
      default: null,
      doc: 'S3 region; default the AWS SDK chain, or us-east-1 with an endpoint.',
    })
    .define('s3.part.size', {
      type: 'int',
      default: 8 * MIB,
      validators: [range({ min: 5 * MIB, max: 2 ** 31 - 1 })],
      doc: 'Multipart part size in bytes; S3 needs at least 5 MiB (5242880).',
    })
    .define('store.url.endpoint', {
      type: 'string',
      default: null,
      doc: 'S3-compatible endpoint URL (MinIO, s3rver…); Confluent calls it store.url, which sinkkit uses for the destination.',
    })
    .define('s3.path.style.access.enabled', {
      type: 'boolean',
      default: false,
      doc: 'Path-style S3 requests (needed by most S3-compatible servers).',
    })
    .define('aws.access.key.id', {
      type: 'string',
      default: null,
      doc: 'Static access key id; default the AWS SDK chain.',
    })
    .define('aws.secret.access.key', { type: 'password', default: null, doc: 'Static secret key.' })
    .define('s3.conditional.create', {
      type: 'boolean',
      default: true,
      doc: 'Whether the S3 server enforces If-None-Match: * (AWS, MinIO). false: no zombie fencing (documented weaker guarantee).',
    })
    .define('s3.list.staged', {
      type: 'boolean',
      default: true,
      doc: 'Whether the S3 server answers ListMultipartUploads (orphan clean-up).',
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
    });

export type SinkConfigValues = ReturnType<ReturnType<typeof sinkConfigDef>['parse']>['values'];
