import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Resolved from the workspace (a devDependency of the adapters' packages): only to create the container.
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzureServer, startGcsServer, startS3Server } from '@sinkkit/testkit';
import { measureInChild } from '../in-child.js';
import { partitionsFor, prepareTopic } from '../kafka/prepare-topic.js';
import { rawKafkajsInChild } from '../kafka/raw-kafkajs.js';
import type { ChildFigures, Scenario } from '../scenario.js';
import { flushSizeDividing, VALUE_BYTES } from '../sink/sink-scenario.js';
import type { SinkExtras, SinkSubject } from '../sink/sink-subject.js';

interface Store {
  readonly name: string;
  /** Starts the server, makes a bucket or container; the sink's keys (store.url and the adapter's). */
  open(): Promise<{ sinkProps: Record<string, string>; stop(): Promise<void> }>;
}

/**
 * Every store the sink is configured for by `store.url` alone, each on its local server. Servers
 * that do not enforce create-only writes (s3rver, the GCS emulator) run with conditional create
 * off; Azurite enforces If-None-Match, so Azure keeps it on.
 */
const STORES: readonly Store[] = [
  {
    name: 'fs',
    async open() {
      const root = await mkdtemp(join(tmpdir(), 'sinkkit-bench-emu-'));
      return { sinkProps: { 'store.url': `file://${root}` }, stop: () => rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3rver',
    async open() {
      const server = await startS3Server();
      await server.createBucket('bench');
      return {
        sinkProps: {
          'store.url': 's3://bench',
          'store.url.endpoint': server.endpoint,
          's3.path.style.access.enabled': 'true',
          'aws.access.key.id': server.credentials.accessKeyId,
          'aws.secret.access.key': server.credentials.secretAccessKey,
          's3.conditional.create': 'false',
          's3.list.staged': 'false',
        },
        stop: () => server.stop(),
      };
    },
  },
  {
    name: 'azurite',
    async open() {
      const server = await startAzureServer();
      await BlobServiceClient.fromConnectionString(server.connectionString).getContainerClient('bench').create();
      return {
        sinkProps: {
          'store.url': 'azure://bench',
          'store.url.endpoint': server.blobEndpoint,
          'azblob.account.name': server.accountName,
          'azblob.account.key': server.accountKey,
        },
        stop: () => server.stop(),
      };
    },
  },
  {
    name: 'gcsEmulator',
    async open() {
      const server = await startGcsServer();
      await server.createBucket('bench');
      return {
        sinkProps: {
          'store.url': 'gs://bench',
          'store.url.endpoint': server.apiEndpoint,
          'gcs.project.id': server.projectId,
          'gcs.conditional.create': 'false',
        },
        stop: () => server.stop(),
      };
    },
  },
];

/**
 * The storage sink end to end (SinkRunner, StringConverter → JSON lines, DefaultPartitioner) into
 * each local store in turn, configured by `store.url`, on the same topic in the same run, each
 * timed until every record is committed and compared with raw kafkajs on that topic. The subject
 * is the slowest store; every store's rate and ratio are in the extra fields. The servers are
 * emulators on the same machine: the figures compare adapters, not clouds.
 */
export const sinkEmulatorsJsonl: Scenario = {
  name: 'sink-emulators-jsonl',
  description: `storage sink (JSON lines) → fs, s3rver, Azurite, GCS emulator by store.url, each until committed, vs raw kafkajs; ${VALUE_BYTES}-byte values`,
  defaultRecords: 500_000,
  async run(ctx) {
    const cluster = await ctx.startKafkaCluster();
    const partitions = partitionsFor(ctx.records, VALUE_BYTES);
    const records = Math.ceil(ctx.records / partitions) * partitions;
    const flushSize = flushSizeDividing(records / partitions, 10_000);
    ctx.log(`producing ${records.toLocaleString('en-US')} records onto ${partitions} partitions`);
    const topic = await prepareTopic(cluster, { partitions, records, valueBytes: VALUE_BYTES });
    const runs: Array<{ name: string; figures: ChildFigures & SinkExtras }> = [];
    for (const store of STORES) {
      const opened = await store.open();
      try {
        const subject: SinkSubject = {
          bootstrapServers: cluster.bootstrapServers,
          topic: topic.name,
          partitions,
          records,
          sinkProps: { 'format.class': 'json', 'flush.size': String(flushSize), ...opened.sinkProps },
        };
        ctx.log(`${store.name}: the storage sink through SinkRunner (flush.size ${flushSize}), in a child process`);
        const figures = (await measureInChild(new URL('../children/storage-sink.js', import.meta.url), [
          JSON.stringify(subject),
        ])) as ChildFigures & SinkExtras;
        runs.push({ name: store.name, figures });
      } finally {
        await opened.stop();
      }
    }
    ctx.log('baseline: raw kafkajs, in a child process');
    const baseline = await rawKafkajsInChild(cluster.bootstrapServers, topic.name, topic.records);
    const rawRate = baseline.records / baseline.seconds;
    const extra: Record<string, string | number> = { partitions, valueBytes: VALUE_BYTES, flushSize };
    for (const { name, figures } of runs) {
      const rate = figures.records / figures.seconds;
      extra[`${name}RecordsPerSec`] = Math.round(rate);
      extra[`${name}Ratio`] = Math.round((rate / rawRate) * 1000) / 1000;
      extra[`${name}PeakRssMb`] = Math.round(figures.peakRssMb);
    }
    const slowest = runs.reduce((a, b) =>
      b.figures.records / b.figures.seconds < a.figures.records / a.figures.seconds ? b : a,
    );
    return {
      subject: slowest.figures,
      baseline: { name: 'raw kafkajs', ...baseline },
      extra: { ...extra, subjectStore: slowest.name },
    };
  },
};
