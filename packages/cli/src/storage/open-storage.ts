import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Storage } from '@sinkkit/core';
import { FsStorage } from '@sinkkit/storage-fs';
import { UsageError } from '../errors.js';

/** How to reach an S3-compatible store named by an `s3://` URL. */
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

/**
 * Opens the store a URL names: `file:///path/to/folder` or a plain path (a folder; it must
 * exist), or `s3://bucket/prefix` (needs `@aws-sdk/client-s3` and `@sinkkit/storage-s3`
 * installed; credentials come from the AWS SDK's usual chain). The store is only read.
 */
export async function openStorage(url: string, s3: S3UrlOptions = {}): Promise<OpenedStorage> {
  if (url.startsWith('s3://')) return openS3(url, s3);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://')) {
    throw new UsageError(
      `Store URL ${url} is not supported: use file:///path/to/folder, a folder path, or s3://bucket/prefix`,
    );
  }
  const root = url.startsWith('file://') ? fileURLToPath(url) : resolve(url);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`Store URL ${url}: ${root} is not a folder`);
  return { storage: new FsStorage({ root }), url, close() {} };
}

async function openS3(url: string, options: S3UrlOptions): Promise<OpenedStorage> {
  const { host: bucket, pathname } = new URL(url);
  if (!bucket) throw new UsageError(`Store URL ${url} names no bucket: use s3://bucket/prefix`);
  let sdk: typeof import('@aws-sdk/client-s3');
  let adapter: typeof import('@sinkkit/storage-s3');
  try {
    sdk = await import('@aws-sdk/client-s3');
    adapter = await import('@sinkkit/storage-s3');
  } catch (error) {
    throw new UsageError(`Store URL ${url} needs @aws-sdk/client-s3 and @sinkkit/storage-s3: npm install them`, {
      cause: error,
    });
  }
  const client = new sdk.S3Client({
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.pathStyle ?? false,
    // Reads only; plain checksums keep S3-compatible servers that lack the newer ones working.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const prefix = decodeURIComponent(pathname.replace(/^\/+/, ''));
  // Nothing is written, so whether the server fences or lists staged uploads does not matter.
  const storage = new adapter.S3Storage({ client, bucket, prefix, conditionalCreate: false, listStaged: false });
  return { storage, url, close: () => client.destroy() };
}
