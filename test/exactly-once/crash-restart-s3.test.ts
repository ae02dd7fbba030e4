import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { topicPartition } from '@sinkkit/core';
import { S3Storage } from '@sinkkit/storage-s3';
import {
  type FaultProxy,
  S3RVER_CREDENTIALS,
  s3ClientConfig,
  startFaultProxy,
  useTestEnvironment,
} from '@sinkkit/testkit';
import { Wal } from '@sinkkit/wal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashRestartScenario } from './support/crash-scenario.js';

// The crash test of crash-restart-fs.test.ts against S3 (s3rver). s3rver ignores If-None-Match,
// so the sink talks to it through the test kit's proxy, which answers 412 to a create-only write
// of an existing object as S3 does: the sink keeps its default, fenced commit protocol.
// 600 000 records, 20 kills, each within 300 ms of the life's first commit: a life gets ~30k–80k
// records (the mock broker holds ~5 MB per partition: ~3.8 MB here). Each life costs about 6 s before its
// first commit (Node start, the mock broker's 3 s join of a fresh group, the first commit over
// HTTP), so the run takes 2.5–3.5 minutes on a loaded 2-core machine. A full audit reads every
// partition's commit history from s3rver one object at a time (up to 3 s once the history has
// grown), so while a life starts the test watches for its first commit through each partition's
// newest commit-log entry instead; after every kill the audit is the full `verify`.
const TOPIC = 'crash-s3';
const BUCKET = 'crash';
const env = useTestEnvironment(
  { kafka: { topics: [{ name: TOPIC, partitions: 8 }] }, s3: { buckets: [BUCKET] } },
  { beforeAll, afterAll },
);
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-crash-s3-'));
let proxy: FaultProxy;
let client: S3Client;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
  client = new S3Client(s3ClientConfig(env.current.s3));
});
afterAll(async () => {
  client?.destroy();
  await proxy?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sinkkit standalone killed and restarted, on S3', () => {
  it('writes 600 000 records exactly once through 20 SIGKILLs', async () => {
    // The audit reads s3rver directly, not through the proxy.
    const storage = new S3Storage({
      client,
      bucket: BUCKET,
      prefix: 'sink',
      conditionalCreate: false,
      listStaged: false,
    });
    const wal = new Wal(storage, { onWarning: () => {} });
    const partitions = Array.from({ length: 8 }, (_, p) => topicPartition(TOPIC, p));
    const { progress, files } = await crashRestartScenario({
      bootstrapServers: env.current.kafka.bootstrapServers,
      topic: TOPIC,
      partitions: 8,
      records: 600_000,
      kills: 20,
      killWithinMs: 300,
      folder: join(dir, 'config'),
      storage,
      // Entries may be trimmed between listing and reading: a failed probe is "nothing new yet".
      // Two reads per partition: at most one probe every ~half second, so that s3rver's CPU goes
      // to the starting sink rather than to the test watching it.
      committed: async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        const entries = await Promise.all(partitions.map((tp) => wal.latest(tp).catch(() => undefined)));
        return entries.reduce((sum, entry) => sum + (entry?.nextOffset ?? 0n), 0n);
      },
      storeProps: [
        `store.url=s3://${BUCKET}/sink`,
        `store.url.endpoint=${proxy.url}`,
        's3.path.style.access.enabled=true',
        `aws.access.key.id=${S3RVER_CREDENTIALS.accessKeyId}`,
        `aws.secret.access.key=${S3RVER_CREDENTIALS.secretAccessKey}`,
        // s3rver answers 501 to ListMultipartUploads; staged uploads a killed process left are
        // aborted from the commit log instead (and s3rver keeps their parts, invisible to readers).
        's3.list.staged=false',
      ],
      seed: 11,
    });
    console.log(`s3: committed after each kill: ${progress.join(' ')}; ${files} files`);
    // Kills landed while work was going on, not only before the first commit or after the last.
    expect(progress.filter((n) => n > 0n && n < 600_000n).length).toBeGreaterThanOrEqual(5);
    expect(files).toBeGreaterThanOrEqual(8 * 10);
    // The proxy did fence: every commit-log entry was a create-only write it checked.
    expect(proxy.requests.filter((r) => r.createOnly?.outcome === 'absent').length).toBeGreaterThan(0);
  }, 360_000);
});
