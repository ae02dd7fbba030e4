import { readFileSync } from 'node:fs';
import { ConfigError, HIDDEN } from '@sinkkit/core';
import type { StoreConfigValues } from '../store-config-def.js';
import { loadPeer } from './load-peer.js';
import type { OpenedStore } from './opened-store.js';
import { type StoreHooks, storeCallSettings } from './store-calls.js';

const PACKAGES = ['@sinkkit/storage-gcs', '@google-cloud/storage'];

/**
 * Google Cloud Storage through `@sinkkit/storage-gcs` over `@google-cloud/storage` (optional
 * peers). Credentials: `gcs.credentials.path` or `gcs.credentials.json`, else Application Default
 * Credentials; `store.url.endpoint` points the client at an emulator.
 */
export async function openGcsStore(
  c: StoreConfigValues,
  location: { bucket: string; prefix: string },
  url: string,
  hooks?: StoreHooks,
): Promise<OpenedStore> {
  const path = c['gcs.credentials.path'];
  const json = c['gcs.credentials.json'];
  if (path !== null && json !== null) {
    throw new ConfigError({
      key: 'gcs.credentials.json',
      value: HIDDEN,
      reason: 'set it or gcs.credentials.path, not both',
    });
  }
  const credentials = json === null ? undefined : parseKey(json.value());
  if (path !== null) checkReadable(path);
  const [{ GcsStorage }, sdk] = await Promise.all([
    loadPeer(() => import('@sinkkit/storage-gcs'), url, PACKAGES),
    loadPeer(() => import('@google-cloud/storage'), url, PACKAGES),
  ]);
  const endpoint = c['store.url.endpoint'];
  const client = new sdk.Storage({
    ...(c['gcs.project.id'] !== null ? { projectId: c['gcs.project.id'] } : {}),
    ...(path !== null ? { keyFilename: path } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    ...(endpoint !== null ? { apiEndpoint: endpoint } : {}),
    // Per HTTP request; ends the socket of an attempt the adapter abandoned at the same bound.
    ...(c['store.request.timeout.ms'] > 0 ? { timeout: c['store.request.timeout.ms'] } : {}),
    // One retry layer, the adapter's: the client's own retries (up to 64 s apart) are silent and
    // cannot be stopped.
    retryOptions: { autoRetry: false },
  });
  const storage = new GcsStorage({
    bucket: client.bucket(location.bucket),
    prefix: location.prefix,
    chunkSize: c['gcs.part.size'],
    conditionalCreate: c['gcs.conditional.create'],
    ...storeCallSettings(
      c,
      {
        url,
        endpoint,
        check: endpoint ? 'store.url.endpoint' : 'store.url and the GCS credentials (gcs.credentials.path)',
      },
      hooks,
    ),
  });
  return { storage, close() {} };
}

function parseKey(text: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text: it is never passed on.
    key = undefined;
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    throw new ConfigError({
      key: 'gcs.credentials.json',
      value: HIDDEN,
      reason: 'must be a service account key as a JSON object ({"type": "service_account", ...})',
    });
  }
  return key as Record<string, unknown>;
}

function checkReadable(path: string): void {
  try {
    readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new ConfigError({ key: 'gcs.credentials.path', value: path, reason: `cannot read the key file (${code})` });
  }
}
