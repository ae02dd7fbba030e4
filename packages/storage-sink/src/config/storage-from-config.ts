import type { Storage } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { type StoreConfigValues, storeConfigDef } from './store-config-def.js';
import { storageLocation } from './store-location.js';
import { openAzureStore } from './stores/azure-store.js';
import { openGcsStore } from './stores/gcs-store.js';
import type { OpenedStore } from './stores/opened-store.js';
import { openOssStore } from './stores/oss-store.js';
import { openS3Store, type S3ClientLike } from './stores/s3-store.js';
import type { StoreHooks } from './stores/store-calls.js';

export type { StorageLocation, StoreKind } from './store-location.js';
export type { OpenedStore } from './stores/opened-store.js';
export type { StoreHooks } from './stores/store-calls.js';
export { type S3ClientLike, storageLocation };

/**
 * Builds the configured Storage: `file://` → FsStorage, `s3://` → S3Storage, `gs://` → GcsStorage,
 * `azure://` → AzureBlobStorage, `oss://` → OssStorage. Each cloud adapter and its SDK are optional
 * peer dependencies, imported only when used; a missing one is a `ConfigError` naming what to
 * install. Bad keys throw a `ConfigError` naming key, value (`[hidden]` for secrets) and reason.
 * An S3 client passed in code is used as it is. `hooks.signal` stops the store's retries (the task
 * aborts it when it stops).
 */
export async function storageFromConfig(
  c: StoreConfigValues,
  s3Client?: S3ClientLike,
  hooks?: StoreHooks,
): Promise<Storage> {
  return (await openStore(c, s3Client, hooks)).storage;
}

/**
 * Opens the store `url` names, configured by the storage keys in `props` (a connector's properties:
 * `azblob.account.key`, `gcs.credentials.path`, `oss.region`, …; other keys are ignored), as the sink
 * would. For tools that read a store the sink wrote, like `sinkkit verify`; call `close` when done.
 */
export async function openStorageFromUrl(
  url: string,
  props: Readonly<Record<string, unknown>> = {},
): Promise<OpenedStore> {
  return openStore(storeConfigDef().parse({ ...props, 'store.url': url }).values);
}

/**
 * {@link storageFromConfig}, with a `close` that releases the client built for it (S3 sockets):
 * for a short use such as the start-up reachability check.
 */
export function openConfiguredStore(c: StoreConfigValues, s3Client?: S3ClientLike): Promise<OpenedStore> {
  return openStore(c, s3Client);
}

async function openStore(c: StoreConfigValues, s3Client?: S3ClientLike, hooks?: StoreHooks): Promise<OpenedStore> {
  const location = storageLocation(c);
  const url = c['store.url'] ?? `s3://${c['s3.bucket.name']}`;
  switch (location.kind) {
    case 'fs':
      return { storage: new FsStorage({ root: location.root }), close() {} };
    case 's3':
      return openS3Store(c, location, url, s3Client, hooks);
    case 'gcs':
      return openGcsStore(c, location, url, hooks);
    case 'azure':
      return openAzureStore(c, location, url, hooks);
    case 'oss':
      return openOssStore(c, location, url, hooks);
  }
}
