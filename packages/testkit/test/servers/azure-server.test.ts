import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { BlobServiceClient, type ContainerClient, RestError } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzureServer, isAlive, startAzureServer } from '../../src/index.js';

describe('startAzureServer', () => {
  let server: AzureServer;
  let container: ContainerClient;

  beforeAll(async () => {
    server = await startAzureServer();
    const service = BlobServiceClient.fromConnectionString(server.connectionString);
    container = service.getContainerClient(`c-${randomBytes(4).toString('hex')}`);
    await container.create();
  });

  afterAll(async () => {
    if (!server) return;
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(existsSync(server.workDir)).toBe(false);
  });

  it('serves the well-known development account on 127.0.0.1', () => {
    expect(server.blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    expect(server.accountName).toBe('devstoreaccount1');
    expect(server.connectionString).toContain(`BlobEndpoint=${server.blobEndpoint};`);
    expect(isAlive(server.pid)).toBe(true);
  });

  it('commits staged blocks into one blob', async () => {
    const blob = container.getBlockBlobClient('staged/blob.bin');
    const chunks = [randomBytes(300_000), randomBytes(1), randomBytes(70_000)];
    const ids = chunks.map((_, i) => Buffer.from(`block-${String(i).padStart(6, '0')}`).toString('base64'));
    for (const [i, chunk] of chunks.entries()) await blob.stageBlock(ids[i] ?? '', chunk, chunk.length);
    // Staged blocks stay invisible until the block list is committed.
    expect(await blob.exists()).toBe(false);
    await blob.commitBlockList(ids);
    expect(await blob.downloadToBuffer()).toEqual(Buffer.concat(chunks));
  });

  it('refuses a create-only upload over an existing blob with 409', async () => {
    const blob = container.getBlockBlobClient('create-only.txt');
    await blob.upload('first', 5, { conditions: { ifNoneMatch: '*' } });
    const error = await blob.upload('second', 6, { conditions: { ifNoneMatch: '*' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).statusCode).toBe(409);
    expect((await blob.downloadToBuffer()).toString()).toBe('first');
  });
});
