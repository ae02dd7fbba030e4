import { randomBytes } from 'node:crypto';
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { AzureServer } from '@sinkkit/testkit';

/** A fresh container name, so tests sharing one server never see each other's blobs. */
export function containerName(): string {
  return `c-${randomBytes(6).toString('hex')}`;
}

/**
 * A client for `container` on `server`, reached at `endpoint` (the server itself or a fault proxy
 * in front of it, `http://HOST:PORT`). `maxTries: 1` leaves retrying to the adapter, so tests
 * count its attempts exactly.
 */
export function containerFor(
  server: AzureServer,
  container: string,
  endpoint?: string,
  options: StoragePipelineOptions = {},
): ContainerClient {
  const blobEndpoint = endpoint ? `${endpoint}/${server.accountName}` : server.blobEndpoint;
  const connectionString = server.connectionString.replace(server.blobEndpoint, blobEndpoint);
  return BlobServiceClient.fromConnectionString(connectionString, {
    retryOptions: { maxTries: 1 },
    ...options,
  }).getContainerClient(container);
}

/** Creates a fresh container on `server` and returns its name. */
export async function newContainer(server: AzureServer): Promise<string> {
  const name = containerName();
  await containerFor(server, name).create();
  return name;
}

/** Deterministic bytes: position-dependent, so a lost, repeated or reordered block changes them. */
export function pattern(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Counts stageBlock calls made through `container`, and how many were in flight at most at once. */
export function countStagedBlocks(container: ContainerClient): { calls: () => number; maxInFlight: () => number } {
  let calls = 0;
  let inFlight = 0;
  let max = 0;
  const original = container.getBlockBlobClient.bind(container);
  container.getBlockBlobClient = (name: string) => {
    const blob = original(name);
    const stage = blob.stageBlock.bind(blob);
    blob.stageBlock = async (...args: Parameters<typeof stage>) => {
      calls += 1;
      max = Math.max(max, ++inFlight);
      try {
        return await stage(...args);
      } finally {
        inFlight -= 1;
      }
    };
    return blob;
  };
  return { calls: () => calls, maxInFlight: () => max };
}
