import type { ConnectorProps } from '@sinkkit/core';

/**
 * Keys of Confluent's S3 sink and Kafka Connect's HDFS sink that this sink accepts and does
 * nothing with (the migration guide says why for each): client settings sinkkit leaves to the
 * S3 client passed in code, tagging and metadata options, HDFS and Hive.
 */
const IGNORED = new Set([
  's3.credentials.provider.class',
  's3.wan.mode',
  's3.http.send.expect.continue',
  'retry.backoff.ms',
  's3.object.tagging',
  'enhanced.avro.schema.support',
  'connect.meta.data',
  's3.elastic.buffer.enable',
  'hdfs.url',
  'hadoop.conf.dir',
  'logs.dir',
]);
const IGNORED_PREFIXES = ['s3.proxy.', 'hive.'];

/** The keys of `props` the sink ignores, sorted; names only, since values may be secrets. */
export function ignoredKeys(props: ConnectorProps): string[] {
  return Object.keys(props).filter(isIgnoredKey).sort();
}

/** Whether the sink accepts `key` and does nothing with it (see {@link ignoredKeys}). */
export function isIgnoredKey(key: string): boolean {
  return IGNORED.has(key) || IGNORED_PREFIXES.some((prefix) => key.startsWith(prefix));
}
