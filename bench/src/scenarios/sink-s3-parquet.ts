import type { Scenario } from '../scenario.js';
import { s3rverStore } from '../sink/s3rver-store.js';
import { flushSizeDividing, runSinkScenario, VALUE_BYTES } from '../sink/sink-scenario.js';

/**
 * `sink-s3-jsonl` with Parquet: the storage sink end to end into the local S3 server (s3rver),
 * SinkRunner → JsonConverter (`schemas.enable=false`: the topic's JSON values, `{"id":…,"pad":…}`)
 * → ParquetFormat (snappy; the schema inferred from each file's first records) → S3Storage,
 * timed until every record is committed, against raw kafkajs on the same topic.
 */
export const sinkS3Parquet: Scenario = {
  name: 'sink-s3-parquet',
  description: `storage sink (JSON values → Parquet snappy, DefaultPartitioner) → S3Storage on s3rver, until committed, vs raw kafkajs; ${VALUE_BYTES}-byte values`,
  async run(ctx) {
    const s3rver = s3rverStore();
    try {
      const result = await runSinkScenario(ctx, {
        flushSize: (perPartition) => flushSizeDividing(perPartition, 10_000),
        sinkProps: {
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          'format.class': 'parquet',
          'parquet.codec': 'snappy',
        },
        store: s3rver.store,
      });
      // The child counts string values' lengths; these values are parsed JSON, so count what is
      // on the topic instead: every record's value is VALUE_BYTES long.
      const subject = { ...result.subject, bytes: result.subject.records * VALUE_BYTES };
      return { ...result, subject, extra: { ...result.extra, store: 's3rver', codec: 'snappy' } };
    } finally {
      await s3rver.stop();
    }
  },
};
