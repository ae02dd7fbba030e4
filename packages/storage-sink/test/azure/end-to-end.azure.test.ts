import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { AzureBlobStorage } from '@sinkkit/storage-azure';
import { produceRecords, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsWritten, runtimeProps, runUntilCommitted, verifyWithCli } from '../cloud/end-to-end.js';

const RECORDS = 1_200;
const PARTITIONS = 4;
const FLUSH_SIZE = 50; // 300 records per partition: 6 files each

const env = useTestEnvironment({ kafka: true, azure: true }, { beforeAll, afterAll });

describe('end to end through the runtime and Kafka into Azurite, configured by store.url', () => {
  it('azure://container/prefix with the account key: every record exactly once, and sinkkit verify agrees', async () => {
    const { kafka, azure } = env.current;
    const topic = `azure-e2e-${randomBytes(4).toString('hex')}`;
    await kafka.createTopic(topic, PARTITIONS);
    const produced = await produceRecords(kafka.bootstrapServers, topic, RECORDS);
    const container = `sink-${randomBytes(6).toString('hex')}`;
    const service = BlobServiceClient.fromConnectionString(azure.connectionString);
    await service.getContainerClient(container).create();
    const storeKeys = {
      'store.url': `azure://${container}/landing`,
      'store.url.endpoint': azure.blobEndpoint,
      'azblob.account.name': azure.accountName,
      'azblob.account.key': azure.accountKey,
    };
    // Read back with a client of its own, at the prefix the URL names.
    const audit = new AzureBlobStorage({ container: service.getContainerClient(container), prefix: 'landing' });

    const { ms } = await runUntilCommitted({
      topic,
      produced,
      audit,
      config: { ...runtimeProps(kafka, topic), ...storeKeys, 'flush.size': String(FLUSH_SIZE) },
    });

    const { files, counts } = await idsWritten(audit, topic);
    expect(files).toBe(RECORDS / FLUSH_SIZE);
    expect(counts.size).toBe(RECORDS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const verified = await verifyWithCli(storeKeys, topic);
    expect(verified.report.ok).toBe(true);
    expect(verified.report.totals).toMatchObject({
      partitions: PARTITIONS,
      files: RECORDS / FLUSH_SIZE,
      records: RECORDS,
      errors: 0,
    });
    expect(verified.code).toBe(0);
    console.info(`Azurite e2e: ${RECORDS} records, ${PARTITIONS} partitions, ${files} files, ${ms} ms`);
  }, 60_000);
});
