import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestkitError } from '../errors.js';
import { startProcess } from '../process/server-process.js';
import { type ResolveServerPackageOptions, resolveServerPackage } from './resolve-server-package.js';

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /** Port on 127.0.0.1; default 0, a free port chosen by the system (no race between picking and binding). */
  port?: number;
  /** Region the client should sign for; s3rver accepts any. Default `us-east-1`. */
  region?: string;
  /** Buckets to create before returning. */
  buckets?: string[];
  /** How long to wait for the server to listen. Default 30 s. */
  startTimeoutMs?: number;
  /** Where to look for the `s3rver` package (see `resolveServerPackage`). */
  resolve?: ResolveServerPackageOptions;
}

/** The access key of s3rver's built-in account. s3rver does not check signatures, but clients must sign with something. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Client settings for the S3 server; spread into `new S3Client({ ...s3ClientConfig(server) })`. */
export interface S3ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: true;
  /** s3rver does not understand the SDK's flexible checksums (aws-chunked bodies with CRC trailers). */
  requestChecksumCalculation: 'WHEN_REQUIRED';
  responseChecksumValidation: 'WHEN_REQUIRED';
}

/** A running s3rver. */
export interface S3Server {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: typeof S3RVER_CREDENTIALS;
  /** s3rver serves buckets as path segments, not as host names. */
  readonly forcePathStyle: true;
  /** Process id of the server, for checks that it stopped. */
  readonly pid: number;
  /** The server's data folder, removed by {@link S3Server.stop}. */
  readonly dataDir: string;
  /** Creates a bucket. Rejects with a TestkitError when the server refuses (e.g. an invalid name). */
  createBucket(name: string): Promise<void>;
  /** Stops the server and removes its data folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `s3rver` (an S3 server written in JavaScript, data on disk) in a child process on 127.0.0.1.
 * Connect with `new S3Client({ ...s3ClientConfig(server) })`, not with the SDK's default checksums.
 *
 * Works: put/get/head, ListObjectsV2 with prefix, delimiter and paging, copy, delete, DeleteObjects,
 * multipart create/upload-part/complete. Does not: honour `If-None-Match`/`If-Match` on PUT (it
 * silently overwrites), ListMultipartUploads (501), ListParts and AbortMultipartUpload (405), or
 * verify signatures. Tests of create-only writes against S3 need a store or a proxy that does.
 *
 * The server runs with OpenSSL's legacy provider: its ListObjectsV2 continuation tokens use DES,
 * which OpenSSL 3 disables, so paginated listings otherwise fail with 500.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const pkg = resolveServerPackage('s3rver', options.resolve);
  const dataDir = mkdtempSync(join(tmpdir(), 'sinkkit-s3rver-'));
  const proc = startProcess(
    's3rver',
    process.execPath,
    [
      '--openssl-legacy-provider',
      join(pkg.dir, 'bin', 's3rver.js'),
      '--directory',
      dataDir,
      '--address',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--silent',
      '--no-vhost-buckets',
    ],
    { cwd: dataDir },
  );
  const stop = async () => {
    await proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    const match = await proc.waitForOutput(/S3rver listening on [^:\s]+:(\d+)/, options.startTimeoutMs ?? 30_000);
    port = Number(match[1]);
  } catch (error) {
    await stop();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const server: S3Server = {
    endpoint,
    region: options.region ?? 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    forcePathStyle: true,
    pid: proc.pid,
    dataDir,
    async createBucket(name) {
      // s3rver does not check signatures, so a plain request creates the bucket.
      const response = await fetch(`${endpoint}/${encodeURIComponent(name)}`, { method: 'PUT' });
      if (!response.ok) {
        throw new TestkitError(
          `s3rver refused to create bucket "${name}": ${response.status} ${await response.text()}`,
        );
      }
    },
    stop,
  };
  try {
    for (const bucket of options.buckets ?? []) await server.createBucket(bucket);
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

/**
 * The settings an `S3Client` needs to talk to `server`:
 * `new S3Client({ ...s3ClientConfig(server) })`.
 */
export function s3ClientConfig(server: S3Server): S3ClientConfig {
  return {
    endpoint: server.endpoint,
    region: server.region,
    credentials: { ...server.credentials },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
