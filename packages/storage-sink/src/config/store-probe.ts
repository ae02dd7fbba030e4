import { ConfigError, type Storage } from '@sinkkit/core';
import type { StoreConfigValues } from './store-config-def.js';
import { storageLocation } from './store-location.js';

/**
 * Checks once, at start, that the configured store answers: one listing of at most one key under
 * the root (S3 ListObjectsV2 with MaxKeys=1, the GCS, Azure and OSS equivalents; a folder
 * listing on the filesystem, where a missing folder is created on first write). A bucket or
 * container that does not exist, refused credentials or an endpoint that cannot be reached then
 * fail start-up with a `ConfigError` naming the key (`store.url`, or `s3.bucket.name`), the URL
 * and the bucket, instead of a task failing after "started". `Storage.list` was enough for this:
 * no method of its own was added to the Storage interface.
 */
export async function probeStore(storage: Storage, c: StoreConfigValues): Promise<void> {
  try {
    await storage.list('', { pageSize: 1 });
  } catch (error) {
    const location = storageLocation(c);
    const key = c['store.url'] === null ? 's3.bucket.name' : 'store.url';
    const value = c['store.url'] ?? String(c['s3.bucket.name']);
    const where =
      location.kind === 'fs'
        ? `the folder ${location.root}`
        : `the ${location.kind === 'azure' ? 'container' : 'bucket'} ${location.bucket}`;
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      {
        key,
        value,
        reason: `${where} cannot be reached (does it exist, and may these credentials list it?): ${message}`,
      },
      { cause: error },
    );
  }
}
