import { ConfigError, type Storage } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import type { SinkConfigValues } from './sink-config-def.js';

/** Where the storage is, as `store.url`, `storage.class` and `s3.bucket.name` say. */
export type StorageLocation = { kind: 'fs'; root: string } | { kind: 's3'; bucket: string; prefix: string };

/** Reads the storage location from the settings; a `ConfigError` names what is missing or wrong. */
export function storageLocation(c: SinkConfigValues): StorageLocation {
  const url = c['store.url'];
  const declared = c['storage.class'] === 'fs' ? 'fs' : c['storage.class'] === null ? null : 's3';
  if (url !== null) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError({
        key: 'store.url',
        value: url,
        reason: 'not a URL; use file:///folder or s3://bucket/prefix',
      });
    }
    const kind = parsed.protocol === 'file:' ? 'fs' : parsed.protocol === 's3:' ? 's3' : null;
    if (kind === null) {
      throw new ConfigError({ key: 'store.url', value: url, reason: 'unsupported scheme; use file:// or s3://' });
    }
    if (declared !== null && declared !== kind) {
      throw new ConfigError({
        key: 'storage.class',
        value: String(c['storage.class']),
        reason: `contradicts store.url ${url}`,
      });
    }
    if (kind === 'fs') return { kind, root: decodeURIComponent(parsed.pathname) };
    const bucket = parsed.hostname;
    const prefix = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
    if (c['s3.bucket.name'] !== null && c['s3.bucket.name'] !== bucket) {
      throw new ConfigError({
        key: 's3.bucket.name',
        value: c['s3.bucket.name'],
        reason: `contradicts store.url ${url}`,
      });
    }
    return { kind, bucket, prefix };
  }
  if (declared === 'fs')
    throw new ConfigError({ key: 'store.url', reason: 'missing: storage.class=fs needs store.url=file:///folder' });
  const bucket = c['s3.bucket.name'];
  if (bucket === null || bucket === '') {
    throw new ConfigError({
      key: 's3.bucket.name',
      reason:
        'missing: set store.url (file:///folder or s3://bucket/prefix) or s3.bucket.name, or pass a Storage in code',
    });
  }
  return { kind: 's3', bucket, prefix: '' };
}

/** A minimal view of `@aws-sdk/client-s3`'s `S3Client`, so this package does not need the SDK unless S3 is used. */
export type S3ClientLike = object;

/**
 * Builds the configured Storage. S3 loads `@aws-sdk/client-s3` (an optional peer dependency)
 * and `@sinkkit/storage-s3` only when used; a client passed in code is used as it is (its
 * region, endpoint and credentials win over the `s3.*` keys).
 */
export async function storageFromConfig(c: SinkConfigValues, s3Client?: S3ClientLike): Promise<Storage> {
  const location = storageLocation(c);
  if (location.kind === 'fs') return new FsStorage({ root: location.root });
  const [{ S3Storage }, client] = await Promise.all([import('@sinkkit/storage-s3'), s3Client ?? buildS3Client(c)]);
  return new S3Storage({
    client: client as never,
    bucket: location.bucket,
    prefix: location.prefix === '' ? undefined : location.prefix,
    partSize: c['s3.part.size'],
    conditionalCreate: c['s3.conditional.create'],
    listStaged: c['s3.list.staged'],
  });
}

async function buildS3Client(c: SinkConfigValues): Promise<S3ClientLike> {
  let sdk: typeof import('@aws-sdk/client-s3');
  try {
    sdk = await import('@aws-sdk/client-s3');
  } catch (error) {
    throw new ConfigError(
      {
        key: 'store.url',
        value: String(c['store.url'] ?? c['s3.bucket.name']),
        reason: 'S3 needs the optional peer dependency @aws-sdk/client-s3: npm install @aws-sdk/client-s3',
      },
      { cause: error },
    );
  }
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
  });
}
