// The quickstart: Kafka → files, exactly once, end to end, on this machine.
//
// 1. starts a local Kafka test cluster (and with --s3 a local S3 server),
// 2. produces sample events,
// 3. runs `sinkkit standalone worker.properties quickstart-sink.properties`, the storage sink,
//    as a child process, exactly as you would run it against your own cluster,
// 4. waits until the sink has committed every event, stops it with SIGTERM (a graceful stop),
// 5. prints the files written and `sinkkit verify`'s audit: every offset exactly once.
//
// Usage: node dist/main.js [--s3] [--out <folder>] [--events <n>]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { formatReport, listDataFiles, verify } from '@sinkkit/cli';
import type { Storage } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { S3Storage } from '@sinkkit/storage-s3';
import { produceRecords, s3ClientConfig, startKafkaCluster, startS3Server } from '@sinkkit/testkit';
import { writePropertiesFiles } from './properties-files.js';
import { waitForCommits } from './wait-for-commits.js';

const { values: args } = parseArgs({
  options: {
    s3: { type: 'boolean', default: false },
    out: { type: 'string', default: 'quickstart-output' },
    events: { type: 'string', default: '20000' },
  },
});
const TOPIC = 'page-views';
const EVENTS = Number(args.events);
const out = resolve(args.out);
await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'store'), { recursive: true });

const cluster = await startKafkaCluster({ topics: [{ name: TOPIC, partitions: 4 }] });
const s3 = args.s3 ? await startS3Server({ buckets: ['quickstart'] }) : undefined;
const s3Client = s3 ? new S3Client(s3ClientConfig(s3)) : undefined;
let exitCode = 1;
try {
  console.log(`Kafka test cluster at ${cluster.bootstrapServers}${s3 ? `, S3 server at ${s3.endpoint}` : ''}`);
  const produced = await produceRecords(cluster.bootstrapServers, TOPIC, EVENTS, { valueBytes: 120 });
  console.log(`produced ${EVENTS} events to ${TOPIC} (4 partitions)`);

  const storeUrl = s3 ? 's3://quickstart/sink' : pathToFileURL(join(out, 'store')).href;
  const storage: Storage =
    s3 && s3Client
      ? new S3Storage({
          client: s3Client,
          bucket: 'quickstart',
          prefix: 'sink',
          conditionalCreate: false,
          listStaged: false,
        })
      : new FsStorage({ root: join(out, 'store') });
  const files = await writePropertiesFiles(join(out, 'config'), {
    bootstrapServers: cluster.bootstrapServers,
    topic: TOPIC,
    storeUrl,
    s3Endpoint: s3?.endpoint,
  });
  const shown = (await readFile(files.connector, 'utf8')).replace(/^(.*(?:secret|password).*?=).*$/gim, '$1[hidden]');
  console.log(`\n--- ${files.connector}\n${shown}`);

  // The same command a user runs: npx sinkkit standalone worker.properties quickstart-sink.properties
  const bin = sinkkitBin();
  console.log(`$ sinkkit standalone ${files.worker} ${files.connector}`);
  const sink = spawn(process.execPath, [bin, 'standalone', files.worker, files.connector], { stdio: 'inherit' });
  let running = true;
  const exited = new Promise<number | null>((done) =>
    sink.once('exit', (code) => {
      running = false;
      done(code);
    }),
  );
  try {
    await waitForCommits(storage, TOPIC, produced.nextOffsets, { timeoutMs: 60_000, alive: () => running });
    console.log('every event is committed; stopping the sink (SIGTERM)');
  } finally {
    if (running) sink.kill('SIGTERM');
  }
  const sinkCode = await exited;

  const { files: written } = await listDataFiles(storage, TOPIC);
  console.log(`\n${written.length} files written under ${storeUrl}/topics/${TOPIC}/:`);
  for (const file of written.slice(0, 8)) console.log(`  ${file.key}  ${file.size} bytes`);
  if (written.length > 8) console.log(`  … and ${written.length - 8} more`);

  console.log(`\n$ sinkkit verify --store-url ${storeUrl} --topics ${TOPIC}`);
  const report = await verify({ storage, topics: [TOPIC] });
  console.log(formatReport(report));
  exitCode = report.ok && sinkCode === 0 ? 0 : 1;
} finally {
  s3Client?.destroy();
  await s3?.stop();
  await cluster.stop();
}
process.exitCode = exitCode;

/** The `sinkkit` binary of the installed @sinkkit/cli, as `npx sinkkit` would find it. */
function sinkkitBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@sinkkit/cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { sinkkit: string } };
  return join(dirname(manifest), bin.sinkkit);
}
