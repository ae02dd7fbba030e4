import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { AzureBlobStorage } from '@sinkkit/storage-azure';
import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll } from 'vitest';
import { describeCrashAndFencing } from '../cloud/crash-and-fencing.js';

// Azurite enforces If-None-Match: * itself (409 when the blob exists): fencing needs no proxy here.
const env = useTestEnvironment({ azure: true }, { beforeAll, afterAll });

describeCrashAndFencing(() => ({
  name: 'Azurite',
  async newStore() {
    const { connectionString } = env.current.azure;
    const container = `sink-${randomBytes(6).toString('hex')}`;
    await BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container).create();
    // Each instance its own client, as separate processes would have.
    const open = () =>
      new AzureBlobStorage({
        container: BlobServiceClient.fromConnectionString(connectionString, {
          retryOptions: { maxTries: 1 },
        }).getContainerClient(container),
        prefix: 'sink',
        retry: { baseMs: 5, capMs: 50 },
      });
    return { open };
  },
}));
