import { ConfigError } from '@sinkkit/core';
import type { S3Sse } from '@sinkkit/storage-s3';
import type { StoreConfigValues } from '../store-config-def.js';
import { loadPeer } from './load-peer.js';
import type { OpenedStore } from './opened-store.js';
import { type StoreHooks, storeCallSettings } from './store-calls.js';

/** A minimal view of `@aws-sdk/client-s3`'s `S3Client`, so this package does not need the SDK unless S3 is used. */
export type S3ClientLike = object;

/**
 * S3 through `@sinkkit/storage-s3` and `@aws-sdk/client-s3` (an optional peer, loaded here only). A
 * client passed in code is used as it is: its region, endpoint and credentials win over the keys.
 */
export async function openS3Store(
  c: StoreConfigValues,
  location: { bucket: string; prefix: string },
  url: string,
  given?: S3ClientLike,
  hooks?: StoreHooks,
): Promise<OpenedStore> {
  const [{ S3Storage }, client] = await Promise.all([import('@sinkkit/storage-s3'), given ?? buildS3Client(c, url)]);
  const endpoint = c['store.url.endpoint'];
  const storage = new S3Storage({
    client: client as never,
    bucket: location.bucket,
    prefix: location.prefix === '' ? undefined : location.prefix,
    partSize: c['s3.part.size'],
    conditionalCreate: c['s3.conditional.create'],
    listStaged: c['s3.list.staged'],
    sse: sseOf(c),
    acl: c['s3.acl.canned'] ?? undefined,
    storageClass: c['s3.storage.class'] ?? undefined,
    // The client built here does not retry (maxAttempts 1): the adapter does, s3.part.retries
    // times, so each failure is logged and a stop ends the retries. A client given in code keeps
    // its own retries, and the adapter then adds none (see S3RetryOptions).
    retry: {
      ...(given ? {} : { maxAttempts: c['s3.part.retries'] + 1 }),
      baseMs: c['s3.retry.backoff.ms'],
    },
    ...storeCallSettings(
      c,
      { url, endpoint, check: endpoint ? 'store.url.endpoint' : 's3.region and store.url' },
      hooks,
    ),
  });
  return { storage, close: given ? () => {} : () => (client as { destroy(): void }).destroy() };
}

/** Confluent's `s3.ssea.name` and `s3.sse.kms.key.id` as the adapter's `sse` option. */
function sseOf(c: StoreConfigValues): S3Sse | undefined {
  const type = c['s3.ssea.name'];
  const kmsKeyId = c['s3.sse.kms.key.id'];
  if (c['s3.sse.customer.key'] !== null) {
    throw new ConfigError({
      key: 's3.sse.customer.key',
      value: '[hidden]',
      reason: 'SSE-C (customer-provided keys) is not supported; use s3.ssea.name=aws:kms or AES256',
    });
  }
  if (kmsKeyId !== '' && type !== 'aws:kms') {
    throw new ConfigError({
      key: 's3.sse.kms.key.id',
      value: kmsKeyId,
      reason: `a KMS key needs s3.ssea.name=aws:kms, not '${type}'`,
    });
  }
  if (type === 'AES256') return { type };
  if (type === 'aws:kms') return kmsKeyId === '' ? { type } : { type, kmsKeyId };
  return undefined;
}

async function buildS3Client(c: StoreConfigValues, url: string): Promise<S3ClientLike> {
  const sdk = await loadPeer(() => import('@aws-sdk/client-s3'), url, ['@aws-sdk/client-s3']);
  const endpoint = c['store.url.endpoint'] ?? undefined;
  const keyId = c['aws.access.key.id'];
  const secret = c['aws.secret.access.key'];
  return new sdk.S3Client({
    region: c['s3.region'] ?? (endpoint ? 'us-east-1' : undefined),
    endpoint,
    forcePathStyle: c['s3.path.style.access.enabled'],
    ...(keyId !== null && secret !== null
      ? { credentials: { accessKeyId: keyId, secretAccessKey: secret.value() } }
      : {}),
    // The SDK resolves each command's middleware stack once instead of per request: about 17 % less
    // client CPU per request (see @sinkkit/storage-s3's README). Nothing adds middleware later.
    cacheMiddleware: true,
    // One retry layer, the adapter's (see openS3Store); connect and idle bounds are the handler's,
    // the bound of a whole attempt is the adapter's abort signal (store.request.timeout.ms).
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: c['store.connect.timeout.ms'],
      socketTimeout: c['store.socket.timeout.ms'],
    },
    // S3-compatible servers (s3rver, Alluxio, older MinIO) lack the SDK's newer default checksums.
    ...(endpoint
      ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
      : {}),
  });
}
