import { randomBytes } from 'node:crypto';
import { type S3Server, s3ClientConfig, startS3Server } from '@sinkkit/testkit';
import type { SinkRun } from './sink-scenario.js';

/**
 * A fresh bucket on a local S3 server (s3rver) for a sink scenario's `store`, and `stop()` for
 * its `finally`. s3rver honours neither If-None-Match nor ListMultipartUploads, hence
 * `s3.conditional.create=false` and `s3.list.staged=false`.
 */
export function s3rverStore(): { store: SinkRun['store']; stop(): Promise<void> } {
  let server: S3Server | undefined;
  return {
    store: async () => {
      server = await startS3Server();
      const bucket = `bench-${randomBytes(4).toString('hex')}`;
      await server.createBucket(bucket);
      return {
        sinkProps: { 'store.url': `s3://${bucket}`, 's3.conditional.create': 'false', 's3.list.staged': 'false' },
        // The client a user would build, with the setting @sinkkit/storage-s3's README recommends.
        s3: { ...s3ClientConfig(server), cacheMiddleware: true },
        serverPid: server.pid,
      };
    },
    stop: async () => {
      await server?.stop();
    },
  };
}
