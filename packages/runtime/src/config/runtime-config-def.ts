import { atLeast, ConfigDef, nonEmpty, validator } from '@sinkkit/core';
import { kafkaClientKeysDef } from '../kafka/kafka-client-keys.js';
import { SHUTDOWN_TIMEOUT_KEY, shutdownTimeoutKeyDef } from '../runner/shutdown-timeout.js';
import { type PluginRegistry, unknownPluginReason } from './plugin-registry.js';

/**
 * The runtime's own settings, with Kafka Connect's names where Connect has one. Keys of
 * individual transformations and predicates (`transforms.<name>.type`, …) are dynamic and
 * checked by `parseRuntimeConfig`. Class keys are checked against `registry`.
 */
export function runtimeConfigDef(registry: PluginRegistry) {
  const converterClass = validator<string>('a registered converter class', (name) =>
    registry.converters.has(name) ? undefined : unknownPluginReason('converter', registry.converters),
  );
  const headerConverterClass = validator<string>('a registered header converter class', (name) =>
    registry.headerConverters.has(name)
      ? undefined
      : unknownPluginReason('header converter', registry.headerConverters),
  );
  return new ConfigDef()
    .define('name', { type: 'string', validators: [nonEmpty()], importance: 'high', doc: 'Connector name.' })
    .define('task.id', { type: 'int', default: 0, validators: [atLeast(0)], doc: 'Task number, for DLQ headers.' })
    .define('bootstrap.servers', {
      type: 'list',
      validators: [nonEmpty()],
      importance: 'high',
      doc: 'Kafka brokers, host:port, comma-separated.',
    })
    .define('topics', { type: 'list', default: '', doc: 'Topics to consume; use this or topics.regex.' })
    .define('topics.regex', { type: 'string', default: null, doc: 'Regex of topics to consume, instead of topics.' })
    .define('key.converter', {
      type: 'class',
      default: 'org.apache.kafka.connect.converters.ByteArrayConverter',
      validators: [converterClass],
      doc: 'Converter of record keys; its settings are the keys prefixed key.converter.',
    })
    .define('value.converter', {
      type: 'class',
      default: 'org.apache.kafka.connect.converters.ByteArrayConverter',
      validators: [converterClass],
      doc: 'Converter of record values; its settings are the keys prefixed value.converter.',
    })
    .define('header.converter', {
      type: 'class',
      default: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      validators: [headerConverterClass],
      doc: 'Converter of header values; its settings are the keys prefixed header.converter.',
    })
    .define('transforms', { type: 'list', default: '', doc: 'Names of transformations, applied in order.' })
    .define('predicates', { type: 'list', default: '', doc: 'Names of predicates that transformations refer to.' })
    .define('errors.tolerance', {
      type: 'enum',
      values: ['none', 'all'],
      default: 'none',
      doc: 'none: a bad record fails the task; all: it is skipped (and sent to the dead-letter queue if set).',
    })
    .define('errors.deadletterqueue.topic.name', {
      type: 'string',
      default: '',
      doc: 'Topic receiving records that failed conversion or transformation (with errors.tolerance=all).',
    })
    .define('errors.deadletterqueue.context.headers.enable', {
      type: 'boolean',
      default: false,
      doc: 'Adds __connect.errors.* headers describing the failure to dead-letter records.',
    })
    .define('errors.log.enable', { type: 'boolean', default: false, doc: 'Logs every tolerated error.' })
    .define('errors.retry.timeout', {
      type: 'duration',
      default: 0,
      validators: [atLeast(-1)],
      doc: 'How long a converter, header converter or transformation failing with a retriable error is retried before errors.tolerance applies; 0: never, -1: without limit.',
    })
    .define('errors.retry.delay.max.ms', {
      type: 'duration',
      default: 60_000,
      validators: [atLeast(1)],
      doc: 'Longest wait between two of those retries (exponential back-off from 300 ms, with jitter).',
    })
    .define('offset.flush.interval.ms', {
      type: 'duration',
      default: 60_000,
      validators: [atLeast(0)],
      doc: 'How often to call preCommit and commit offsets.',
    })
    .define('offset.flush.timeout.ms', {
      type: 'duration',
      default: 5_000,
      validators: [atLeast(1)],
      doc: 'How long one offset commit may take before it counts as failed.',
    })
    .define(SHUTDOWN_TIMEOUT_KEY, shutdownTimeoutKeyDef)
    .define('consumer.override.group.id', {
      type: 'string',
      default: null,
      doc: 'Consumer group; default connect-<name>, as Kafka Connect names it.',
    })
    .define('consumer.override.client.id', { type: 'string', default: null, doc: 'Kafka client id.' })
    .define('consumer.override.auto.offset.reset', {
      type: 'enum',
      values: ['earliest', 'latest'],
      default: 'earliest',
      doc: 'Where partitions without a committed offset start.',
    })
    .define('consumer.override.max.poll.records', {
      type: 'int',
      default: 500,
      validators: [atLeast(1)],
      doc: 'Most records handed to one put().',
    })
    .define('consumer.override.session.timeout.ms', {
      type: 'duration',
      default: 45_000,
      validators: [atLeast(1)],
      doc: 'Group session timeout.',
    })
    .define('consumer.override.heartbeat.interval.ms', {
      type: 'duration',
      default: 3_000,
      validators: [atLeast(1)],
      doc: 'Group heartbeat interval.',
    })
    .define('consumer.override.fetch.max.wait.ms', {
      type: 'duration',
      default: 500,
      validators: [atLeast(0)],
      doc: 'Longest a fetch waits for data.',
    })
    .define('sinkkit.buffer.max.records', {
      type: 'int',
      default: 10_000,
      validators: [atLeast(1)],
      doc: 'Fetched records waiting for put() at which the consumer stops handing over (and fetching) more (back-pressure).',
    })
    .define('sinkkit.buffer.max.bytes', {
      type: 'long',
      default: 67_108_864,
      validators: [atLeast(1)],
      doc: 'Bytes (keys, values, headers) of fetched records waiting for put() at which the consumer stops handing over (and fetching) more.',
    })
    .define('sinkkit.consumer.max.restarts', {
      type: 'int',
      default: 10,
      validators: [atLeast(0)],
      doc: 'Consecutive consumer crashes without rejoining the group before the task fails.',
    })
    .define('sinkkit.consumer.thread', {
      type: 'enum',
      values: ['main', 'worker'],
      default: 'main',
      doc: "Where the Kafka client fetches and decodes records: main, on the task's thread; worker, on a worker thread of its own, so a second core takes that work.",
    })
    .include(kafkaClientKeysDef());
}

/** The typed values of {@link runtimeConfigDef}. */
export type RuntimeConfigValues = ReturnType<ReturnType<typeof runtimeConfigDef>['parse']>['values'];
