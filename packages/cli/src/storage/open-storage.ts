import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Storage } from '@sinkkit/core';
import { openStorageFromUrl } from '@sinkkit/storage-sink';
import { UsageError } from '../errors.js';

/** How to reach an S3-compatible store named by an `s3://` URL (the `--s3-*` flags). */
export interface S3UrlOptions {
  /** Endpoint of an S3-compatible server, e.g. `http://127.0.0.1:9000`. Default: AWS for the region. */
  readonly endpoint?: string;
  /** Default: `AWS_REGION`, else `us-east-1`. */
  readonly region?: string;
  /** Path-style requests (`endpoint/bucket/key`), as most S3-compatible servers need. Default false. */
  readonly pathStyle?: boolean;
}

/** A store opened from a URL; `close` releases its client. */
export interface OpenedStorage {
  readonly storage: Storage;
  /** The URL as given, for messages. */
  readonly url: string;
  close(): void;
}

const SCHEMES = /^(file|s3|gs|azure|oss):\/\//i;
const LOCAL_FILE_URL = /^file:\/\/(localhost)?\//i;

/**
 * Opens the store a URL names, as the storage sink does (`store.url`): `file:///path/to/folder` or
 * a plain path (a folder; it must exist), `s3://bucket/prefix`, `gs://bucket/prefix`,
 * `azure://container/prefix` or `oss://bucket/prefix`. `props` are the sink's storage keys
 * (`azblob.account.key`, `gcs.credentials.path`, `oss.region`, `store.url.endpoint`, …), e.g. from
 * the connector's own properties file; the `s3` flags override theirs. Each cloud needs its adapter
 * and SDK installed. The store is only read.
 */
export async function openStorage(
  url: string,
  s3: S3UrlOptions = {},
  props: Readonly<Record<string, string>> = {},
): Promise<OpenedStorage> {
  if (!SCHEMES.test(url) && /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new UsageError(
      `Store URL ${url} is not supported: use file:///path/to/folder, a folder path, s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix or oss://bucket/prefix`,
    );
  }
  if (/^file:/i.test(url) && !LOCAL_FILE_URL.test(url)) {
    // file://out would name host "out" (dropped: the root folder), file:out is no folder at all.
    throw new UsageError(
      `Store URL ${url} is not supported: a file URL must be file:///absolute/folder or file://localhost/absolute/folder`,
    );
  }
  if (!SCHEMES.test(url) || url.toLowerCase().startsWith('file://')) {
    const root = url.toLowerCase().startsWith('file://') ? fileURLToPath(url) : resolve(url);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`Store URL ${url}: ${root} is not a folder`);
    const opened = await openStorageFromUrl(pathToFileURL(root).href);
    return { ...opened, url };
  }
  const settings: Record<string, string> = {
    ...props,
    // Nothing is written, so whether the server fences or lists staged uploads does not matter.
    's3.conditional.create': 'false',
    's3.list.staged': 'false',
  };
  if (s3.endpoint) settings['store.url.endpoint'] = s3.endpoint;
  if (s3.pathStyle) settings['s3.path.style.access.enabled'] = 'true';
  if (url.toLowerCase().startsWith('s3://')) {
    settings['s3.region'] = s3.region ?? props['s3.region'] ?? process.env.AWS_REGION ?? 'us-east-1';
  }
  const opened = await openStorageFromUrl(url, settings);
  return { ...opened, url };
}
