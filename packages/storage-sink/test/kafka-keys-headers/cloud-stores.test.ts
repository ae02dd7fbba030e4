import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { Storage as GcsClient } from '@google-cloud/storage';
import { type SinkRecord, type Storage, topicPartition } from '@sinkkit/core';
import { AzureBlobStorage } from '@sinkkit/storage-azure';
import { GcsStorage } from '@sinkkit/storage-gcs';
import { S3Storage } from '@sinkkit/storage-s3';
import { s3ClientConfig, useTestEnvironment } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avroFile, expectedHeaders, jsonLines, keyedRecords, sinkInto } from './support.js';

const env = useTestEnvironment({ s3: true, azure: true, gcs: true }, { beforeAll, afterAll });
const fresh = () => `sink-${randomBytes(6).toString('hex')}`;

// Each store's own client against its server; a fresh bucket or container per test. s3rver and
// the GCS emulator ignore create-only preconditions (one writer here, so that is harmless).
const stores: { name: string; open: () => Promise<Storage> }[] = [
  {
    name: 'S3 (s3rver)',
    async open() {
      const server = env.current.s3;
      const bucket = fresh();
      await server.createBucket(bucket);
      return new S3Storage({ client: new S3Client(s3ClientConfig(server)), bucket, prefix: 'sink', listStaged: false });
    },
  },
  {
    name: 'Azure Blob (Azurite)',
    async open() {
      const container = BlobServiceClient.fromConnectionString(env.current.azure.connectionString).getContainerClient(
        fresh(),
      );
      await container.create();
      return new AzureBlobStorage({ container, prefix: 'sink' });
    },
  },
  {
    name: 'GCS (emulator)',
    async open() {
      const { gcs } = env.current;
      const bucket = fresh();
      await gcs.createBucket(bucket);
      const client = new GcsClient({ apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId });
      return new GcsStorage({ bucket: client.bucket(bucket), prefix: 'sink', conditionalCreate: false });
    },
  },
];

describe.each(stores)('store.kafka.keys / store.kafka.headers on $name', ({ open }) => {
  it('Avro keys and headers files (the defaults) beside every JSON value file, record for record, committed in its WAL entry', async () => {
    const storage = await open();
    const input = [...keyedRecords('orders', 0, 40), ...keyedRecords('orders', 1, 30)];
    const files = await sinkInto(
      storage,
      { 'format.class': 'json', 'store.kafka.keys': 'true', 'store.kafka.headers': 'true' },
      input,
      7,
    );
    const records = new Map(input.map((r) => [(r.value as { id: string }).id, r]));
    const valueFiles = [...files.keys()].filter((key) => key.endsWith('.json'));
    expect(valueFiles).toHaveLength(7); // 4 + 3 full files of flush.size 10
    expect(files.size).toBe(21);
    let seen = 0;
    for (const key of valueFiles) {
      const stem = key.slice(0, -'.json'.length);
      const values = jsonLines(files.get(key) as Uint8Array) as { id: string }[];
      const keys = avroFile(files.get(`${stem}.keys.avro`) as Uint8Array);
      const headers = avroFile(files.get(`${stem}.headers.avro`) as Uint8Array);
      expect(keys.values).toHaveLength(values.length);
      expect(headers.values).toHaveLength(values.length);
      values.forEach((value, i) => {
        const record = records.get(value.id) as SinkRecord;
        expect(keys.values[i]).toEqual(record.key);
        expect((headers.values[i] as object[]).map((h) => ({ ...h }))).toEqual(expectedHeaders(record));
      });
      seen += values.length;
    }
    expect(seen).toBe(70);
    // Each batch's WAL entry lists the value file and both companions, with the sizes stored.
    for (const partition of [0, 1]) {
      const batches = (await committedBatches(storage, topicPartition('orders', partition))).filter(
        (b) => b.files.length > 0,
      );
      expect(batches.length).toBeGreaterThan(0);
      for (const batch of batches) {
        expect(batch.files.map((f) => f.key.replace(/^.*\+\d+/, ''))).toEqual(['.json', '.keys.avro', '.headers.avro']);
        for (const f of batch.files) expect(files.get(f.key)?.length).toBe(f.size);
      }
    }
  }, 60_000);
});
