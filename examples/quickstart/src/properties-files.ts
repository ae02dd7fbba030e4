import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the generated files point at. */
export interface SinkSetup {
  readonly bootstrapServers: string;
  readonly topic: string;
  /** `file:///…` or `s3://bucket/prefix`. */
  readonly storeUrl: string;
  /** For a local S3 server: its endpoint (credentials come from the environment). */
  readonly s3Endpoint?: string;
}

/**
 * Writes the two files `sinkkit standalone` takes, as a user would write them for Kafka Connect,
 * and returns their paths. Against a real cluster and bucket, only bootstrap.servers and
 * store.url change (and the consumer.* timings can go).
 */
export async function writePropertiesFiles(
  folder: string,
  setup: SinkSetup,
): Promise<{ worker: string; connector: string }> {
  await mkdir(folder, { recursive: true });
  const worker = join(folder, 'worker.properties');
  const connector = join(folder, 'quickstart-sink.properties');
  await writeFile(
    worker,
    lines([
      `bootstrap.servers=${setup.bootstrapServers}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      '# The events are JSON without a Connect schema envelope: JsonConverter makes them records, so the',
      '# files hold JSON objects (with StringConverter each line would be the event as one quoted string).',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable=false',
      'offset.flush.interval.ms=1000',
      '# The local test cluster forms groups in ~3 s with these (Kafka defaults: 45 s / 3 s / 500 ms).',
      'consumer.session.timeout.ms=3000',
      'consumer.heartbeat.interval.ms=300',
      'consumer.fetch.max.wait.ms=100',
    ]),
  );
  await writeFile(
    connector,
    lines([
      'name=quickstart-sink',
      'connector.class=StorageSinkConnector',
      'tasks.max=1',
      `topics=${setup.topic}`,
      `store.url=${setup.storeUrl}`,
      ...(setup.s3Endpoint
        ? [
            `store.url.endpoint=${setup.s3Endpoint}`,
            's3.path.style.access.enabled=true',
            'aws.access.key.id=S3RVER',
            'aws.secret.access.key=S3RVER',
            '# s3rver ignores If-None-Match and cannot list multipart uploads (AWS S3 and MinIO can).',
            's3.conditional.create=false',
            's3.list.staged=false',
          ]
        : []),
      'topics.dir=topics',
      'format.class=json',
      'partitioner.class=default',
      '# A file per 1000 records, and whatever is open is committed every 2 seconds.',
      'flush.size=1000',
      'rotate.schedule.interval.ms=2000',
    ]),
  );
  return { worker, connector };
}

function lines(list: string[]): string {
  return `${list.join('\n')}\n`;
}
