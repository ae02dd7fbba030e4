import { ConfigError } from '@sinkkit/core';
import { fileRoot } from './file-root.js';
import type { StoreConfigValues } from './store-config-def.js';

/** The adapters `store.url` can name. */
export type StoreKind = 'fs' | 's3' | 'gcs' | 'azure' | 'oss';

/** Where the storage is, as `store.url`, `storage.class` and `s3.bucket.name` say. */
export type StorageLocation =
  | { kind: 'fs'; root: string }
  | { kind: Exclude<StoreKind, 'fs'>; bucket: string; prefix: string };

const SCHEMES: Readonly<Record<string, StoreKind>> = {
  'file:': 'fs',
  's3:': 's3',
  'gs:': 'gcs',
  'azure:': 'azure',
  'oss:': 'oss',
};
const FORMS = 'file:///folder, s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix or oss://bucket/prefix';

/** Reads the storage location from the settings; a `ConfigError` names what is missing or wrong. */
export function storageLocation(c: StoreConfigValues): StorageLocation {
  const url = c['store.url'];
  const declared =
    c['storage.class'] === null
      ? null
      : c['storage.class'] === 'io.confluent.connect.s3.storage.S3Storage'
        ? 's3'
        : c['storage.class'];
  if (url !== null) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError({ key: 'store.url', value: url, reason: `not a URL; use ${FORMS}` });
    }
    const kind = SCHEMES[parsed.protocol];
    if (kind === undefined) {
      throw new ConfigError({ key: 'store.url', value: url, reason: `unsupported scheme; use ${FORMS}` });
    }
    if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '') {
      // Credentials have keys of their own (password type, never printed); a URL is printed in messages.
      throw new ConfigError({
        key: 'store.url',
        value: `${parsed.protocol}//${parsed.hostname}${parsed.pathname}`,
        reason: 'must not carry credentials or a query; set them with the adapter keys (e.g. azblob.sas.token)',
      });
    }
    if (declared !== null && declared !== kind) {
      throw new ConfigError({
        key: 'storage.class',
        value: String(c['storage.class']),
        reason: `contradicts store.url ${url}`,
      });
    }
    if (kind === 'fs') return { kind, root: fileRoot(url, parsed) };
    const bucket = parsed.hostname;
    if (bucket === '') {
      const noun = kind === 'azure' ? 'container' : 'bucket';
      throw new ConfigError({
        key: 'store.url',
        value: url,
        reason: `names no ${noun}; use ${parsed.protocol}//${noun}/prefix`,
      });
    }
    const prefix = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
    if (kind === 's3' && c['s3.bucket.name'] !== null && c['s3.bucket.name'] !== bucket) {
      throw new ConfigError({
        key: 's3.bucket.name',
        value: c['s3.bucket.name'],
        reason: `contradicts store.url ${url}`,
      });
    }
    return { kind, bucket, prefix };
  }
  if (declared !== null && declared !== 's3') {
    throw new ConfigError({
      key: 'store.url',
      reason: `missing: storage.class=${declared} needs store.url (${FORMS})`,
    });
  }
  const bucket = c['s3.bucket.name'];
  if (bucket === null || bucket === '') {
    throw new ConfigError({
      key: 's3.bucket.name',
      reason: `missing: set store.url (${FORMS}) or s3.bucket.name, or pass a Storage in code`,
    });
  }
  return { kind: 's3', bucket, prefix: '' };
}
