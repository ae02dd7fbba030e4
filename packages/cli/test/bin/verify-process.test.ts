import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { FsStorage } from '@sinkkit/storage-fs';
import { S3Storage } from '@sinkkit/storage-s3';
import { s3ClientConfig, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-process.js';
import { dataKey, SinkFixture } from '../support/sink-fixture.js';

const run = promisify(execFile);

async function sinkkit(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('sinkkit verify (the built binary) on a folder', () => {
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sinkkit-verify-bin-'));
    const sink = new SinkFixture(new FsStorage({ root }));
    for (const partition of [0, 1]) {
      await sink.claim('orders', partition);
      await sink.commitRun('orders', partition, 0, 4, 25);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exits 0 with a per-partition report when every offset is there exactly once', async () => {
    const { code, stdout } = await sinkkit(['verify', '--store-url', pathToFileURL(root).href, '--topics', 'orders']);
    expect(stdout).toContain('orders-0  offsets [0, 100)  100 records in 4 files, 0 skipped, seq 1..5  OK');
    expect(stdout).toContain('verify: OK: 2 partitions, 200 records in 8 files');
    expect(code).toBe(0);
  });

  it('prints JSON with --json, and exits 1 once a duplicate is planted', async () => {
    const storage = new FsStorage({ root });
    await storage.putIfAbsent(dataKey('orders', 1, 50, 'elsewhere'), new TextEncoder().encode('{}\n'));
    const { code, stdout } = await sinkkit(['verify', '--store-url', root, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.partitions[1].issues).toEqual([
      expect.objectContaining({ kind: 'duplicate', severity: 'error', range: { from: '50', to: '51' } }),
    ]);
  });

  it('exits 2 for a store it cannot open', async () => {
    const { code, stderr } = await sinkkit(['verify', '--store-url', 'ftp://bucket']);
    expect(code).toBe(2);
    expect(stderr).toContain('Store URL ftp://bucket is not supported');
  });
});

describe('sinkkit verify (the built binary) on nothing, and --strict', () => {
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sinkkit-verify-empty-bin-'));
    const sink = new SinkFixture(new FsStorage({ root }));
    await sink.claim('orders', 0);
    await sink.commitRun('orders', 0, 0, 6, 10);
    await sink.wal.trim({ topic: 'orders', partition: 0 }, 3);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exits 1 for a mistyped topic, and 0 with --allow-empty', async () => {
    const { code, stdout } = await sinkkit(['verify', '--store-url', root, '--topics', 'cleen']);
    expect(stdout).toContain('ERROR no-history topic cleen has no commit history');
    expect(code).toBe(1);
    expect((await sinkkit(['verify', '--store-url', root, '--topics', 'cleen', '--allow-empty'])).code).toBe(0);
  });

  it('exits 1 with --strict when a wrong --ledger-prefix loses history', async () => {
    const args = ['verify', '--store-url', root, '--ledger-prefix', '_sinkkit/ledgr'];
    const lenient = await sinkkit(args);
    expect(lenient.stdout).toContain('not checked (history lost): orders-0 [0, 30)');
    expect(lenient.code).toBe(0);
    expect((await sinkkit([...args, '--strict'])).code).toBe(1);
    expect((await sinkkit(['verify', '--store-url', root, '--strict'])).code).toBe(0);
  });
});

describe('sinkkit verify (the built binary) on S3', () => {
  const env = useTestEnvironment({ s3: { buckets: ['audit'] } }, { beforeAll, afterAll });

  it('reads the commit log and the data files through s3://bucket/prefix', async () => {
    const server = env.current.s3;
    const client = new S3Client(s3ClientConfig(server));
    try {
      const storage = new S3Storage({
        client,
        bucket: 'audit',
        prefix: 'sink',
        conditionalCreate: false,
        listStaged: false,
      });
      const sink = new SinkFixture(storage);
      await sink.claim('clicks', 3);
      await sink.commitRun('clicks', 3, 1000, 3, 10);
      await sink.wal.trim({ topic: 'clicks', partition: 3 }, 1);
      const args = ['verify', '--store-url', 's3://audit/sink', '--s3-endpoint', server.endpoint, '--s3-path-style'];
      const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: server.region };
      const { code, stdout } = await sinkkit(args, credentials);
      expect(stdout).toContain('clicks-3  offsets [1000, 1030)  30 records in 3 files, 0 skipped, seq 1..4  OK');
      expect(code).toBe(0);
    } finally {
      client.destroy();
    }
  });
});
