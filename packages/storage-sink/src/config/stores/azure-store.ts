import { ConfigError, HIDDEN } from '@sinkkit/core';
import type { StoreConfigValues } from '../store-config-def.js';
import { loadPeer } from './load-peer.js';
import type { OpenedStore } from './opened-store.js';
import { type StoreHooks, storeCallSettings } from './store-calls.js';

const PACKAGES = ['@sinkkit/storage-azure', '@azure/storage-blob'];
const CREDENTIALS = ['azblob.account.key', 'azblob.connection.string', 'azblob.sas.token'] as const;

/**
 * Azure Blob Storage through `@sinkkit/storage-azure` over `@azure/storage-blob` (optional peers).
 * Exactly one credential: `azblob.account.key` (with `azblob.account.name`), `azblob.connection.string`,
 * or `azblob.sas.token` (with the account name or `store.url.endpoint`). The blob endpoint is
 * `https://<account>.blob.core.windows.net` unless `store.url.endpoint` says otherwise (Azurite).
 */
export async function openAzureStore(
  c: StoreConfigValues,
  location: { bucket: string; prefix: string },
  url: string,
  hooks?: StoreHooks,
): Promise<OpenedStore> {
  const given = CREDENTIALS.filter((key) => c[key] !== null);
  if (given.length !== 1) {
    throw new ConfigError({
      key: given[1] ?? 'azblob.account.key',
      ...(given.length > 1 ? { value: HIDDEN } : {}),
      reason:
        given.length === 0
          ? 'missing: an azure:// store needs azblob.account.key (with azblob.account.name), azblob.connection.string or azblob.sas.token'
          : `set only one of ${given.join(', ')}`,
    });
  }
  const account = c['azblob.account.name'];
  if (account !== null && !/^[a-z0-9]{3,24}$/.test(account)) {
    throw new ConfigError({
      key: 'azblob.account.name',
      value: account,
      reason: 'must be 3-24 lowercase letters and digits',
    });
  }
  const endpoint = c['store.url.endpoint'];
  const key = c['azblob.account.key'];
  const connectionString = c['azblob.connection.string'];
  const sas = c['azblob.sas.token'];
  if (connectionString !== null && endpoint !== null) {
    throw new ConfigError({
      key: 'store.url.endpoint',
      value: endpoint,
      reason: 'not used with azblob.connection.string, whose BlobEndpoint names the endpoint',
    });
  }
  if (key !== null && !/^[A-Za-z0-9+/]+={0,2}$/.test(key.value())) {
    throw new ConfigError({ key: 'azblob.account.key', value: HIDDEN, reason: 'must be a base64 account key' });
  }
  if ((key !== null || (sas !== null && endpoint === null)) && account === null) {
    throw new ConfigError({
      key: 'azblob.account.name',
      reason: `missing: needed with ${key !== null ? 'azblob.account.key' : 'azblob.sas.token'}${key !== null ? '' : ' when store.url.endpoint is not set'}`,
    });
  }
  const [{ AzureBlobStorage }, sdk] = await Promise.all([
    loadPeer(() => import('@sinkkit/storage-azure'), url, PACKAGES),
    loadPeer(() => import('@azure/storage-blob'), url, PACKAGES),
  ]);
  // One retry layer: the adapter's, which classifies errors the same way for every store.
  // Each try is bounded too (tryTimeoutInMs), besides the adapter's abort signal per attempt.
  const requestTimeoutMs = c['store.request.timeout.ms'];
  const options = {
    retryOptions: { maxTries: 1, ...(requestTimeoutMs > 0 ? { tryTimeoutInMs: requestTimeoutMs } : {}) },
  };
  const blobEndpoint = (endpoint ?? `https://${account}.blob.core.windows.net`).replace(/\/+$/, '');
  let service: InstanceType<typeof sdk.BlobServiceClient>;
  if (connectionString !== null) {
    try {
      service = sdk.BlobServiceClient.fromConnectionString(connectionString.value(), options);
    } catch {
      // The SDK's message may quote the string; it is never passed on.
      throw new ConfigError({
        key: 'azblob.connection.string',
        value: HIDDEN,
        reason:
          'not a storage connection string (AccountName=…;AccountKey=…;BlobEndpoint=… or BlobEndpoint=…;SharedAccessSignature=…)',
      });
    }
  } else if (key !== null) {
    const credential = new sdk.StorageSharedKeyCredential(account as string, key.value());
    service = new sdk.BlobServiceClient(blobEndpoint, credential, options);
  } else {
    const query = (sas as NonNullable<typeof sas>).value().replace(/^\?/, '');
    service = new sdk.BlobServiceClient(`${blobEndpoint}?${query}`, new sdk.AnonymousCredential(), options);
  }
  const storage = new AzureBlobStorage({
    container: service.getContainerClient(location.bucket),
    prefix: location.prefix,
    blockSize: c['azblob.block.size'],
    conditionalCreate: c['azblob.conditional.create'],
    ...storeCallSettings(
      c,
      {
        url,
        endpoint: connectionString === null ? blobEndpoint : null,
        check:
          endpoint !== null
            ? 'store.url.endpoint'
            : connectionString !== null
              ? 'azblob.connection.string'
              : 'azblob.account.name',
      },
      hooks,
    ),
  });
  return { storage, close() {} };
}
