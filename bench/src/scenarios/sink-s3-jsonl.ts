import { randomBytes } from 'node:crypto';
import { type S3Server, s3ClientConfig, startS3Server } from '@sinkkit/testkit';
import type { Scenario } from '../scenario.js';
import { flushSizeDividing, runSinkScenario, VALUE_BYTES } from '../sink/sink-scenario.js';

/**
 * The storage sink end to end into the local S3 server (s3rver, JavaScript, on the same
 * machine): SinkRunner (StringConverter) → JSON lines, DefaultPartitioner → S3Storage, timed
 * until every record is committed, against raw kafkajs on the same topic. s3rver honours
 * neither If-None-Match nor ListMultipartUploads, hence `s3.conditional.create=false` and
 * `s3.list.staged=false`. Goal: at least 70 % of raw records/s.
 */
export const sinkS3Jsonl: Scenario = {
  name: 'sink-s3-jsonl',
  description: `storage sink (JSON lines, DefaultPartitioner) → S3Storage on s3rver, until committed, vs raw kafkajs; ${VALUE_BYTES}-byte values`,
  async run(ctx) {
    let server: S3Server | undefined;
    try {
      const result = await runSinkScenario(ctx, {
        flushSize: (perPartition) => flushSizeDividing(perPartition, 10_000),
        store: async () => {
          server = await startS3Server();
          const bucket = `bench-${randomBytes(4).toString('hex')}`;
          await server.createBucket(bucket);
          return {
            sinkProps: {
              'store.url': `s3://${bucket}`,
              's3.conditional.create': 'false',
              's3.list.staged': 'false',
            },
            s3: { ...s3ClientConfig(server) },
          };
        },
      });
      return { ...result, extra: { ...result.extra, store: 's3rver', goalRatio: 0.7 } };
    } finally {
      await server?.stop();
    }
  },
};
