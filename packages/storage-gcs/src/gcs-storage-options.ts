import type { Bucket } from '@google-cloud/storage';
import { ConfigError, type ConfigProblem, type StoreAttemptFailure } from '@sinkkit/core';
import { z } from 'zod';

/** Smallest chunk (temporary part object) size: 256 KiB, GCS's upload granularity. */
export const MIN_CHUNK_SIZE = 256 * 1024;
/** Largest chunk size: 1 GiB (a chunk is held in memory while it uploads). */
export const MAX_CHUNK_SIZE = 1024 * 1024 * 1024;
/** Default chunk size: 8 MiB. */
export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;
/** Default bound of one attempt of any request, ms (`store.request.timeout.ms`): 60 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default folder of temporary objects, under `prefix`. */
export const DEFAULT_STAGING_PREFIX = '_sinkkit/staging/';

/** How the adapter retries retriable failures (see the README's "Retries" section). */
export interface GcsRetryOptions {
  /**
   * Attempts per operation made by the adapter. Default: 1 for a call the client retries itself
   * (per its `retryOptions`), 5 for one it does not — so exactly one layer retries each call.
   */
  readonly maxAttempts?: number;
  /** Ceiling of the first back-off delay, ms. Default 200. */
  readonly baseMs?: number;
  /** Largest back-off delay, ms. Default 10 000. */
  readonly capMs?: number;
}

/** Options of `new GcsStorage(...)`. Validated up front: a bad value throws a `ConfigError`. */
export interface GcsStorageOptions {
  /**
   * The caller's bucket, `new Storage({ ... }).bucket(name)`: project, credentials, endpoint and the
   * client's own retries are configured there.
   */
  readonly bucket: Bucket;
  /** Object name prefix; a trailing `/` is added when missing. Default: none (names at the bucket root). */
  readonly prefix?: string;
  /**
   * Folder, under `prefix`, holding the temporary part objects of staged uploads. Default
   * `_sinkkit/staging/`. Objects there are never listed by `list`, so keep your own keys out of it.
   */
  readonly stagingPrefix?: string;
  /**
   * Bytes per temporary part object, 256 KiB – 1 GiB (`gcs.part.size`). Default 8 MiB. Memory per
   * open file is at most two chunks; files up to one chunk are finalized by a copy, larger ones by compose.
   */
  readonly chunkSize?: number;
  /**
   * Whether the server enforces `ifGenerationMatch: 0` (`gcs.conditional.create`). Default true (GCS
   * does). Set false for servers that ignore it (the firebase-tools emulator): writes then check
   * for the object first, which cannot fence a concurrent writer, and `capabilities` says so.
   */
  readonly conditionalCreate?: boolean;
  /**
   * A download that receives nothing for this long is abandoned and retried (`gcs.read.stall.ms`).
   * Default 60 000. The client does not notice a connection cut mid-body on its own.
   */
  readonly readStallMs?: number;
  /** Retries of retriable failures. */
  readonly retry?: GcsRetryOptions;
  /**
   * Longest one attempt of a call may take, the client's own retries inside it included
   * (`store.request.timeout.ms`); then the attempt is abandoned and counts as a retriable failure.
   * Default 60 000; 0 disables. The client's per-request `timeout` (`new Storage({ timeout })`)
   * also ends the abandoned request's socket: see the README's "Timeouts".
   */
  readonly requestTimeoutMs?: number;
  /**
   * Stops retrying when it aborts (the task stops): calls then reject with a non-retriable
   * `STORAGE_STOPPED` error instead of backing off and trying again. Default: never.
   */
  readonly signal?: AbortSignal;
  /** Called after every failed attempt, the first included, e.g. to log an unreachable store. */
  readonly onFailure?: (failure: StoreAttemptFailure) => void;
}

/** The options after validation and defaults. */
export interface ResolvedGcsStorageOptions {
  readonly bucket: Bucket;
  readonly prefix: string;
  readonly stagingPrefix: string;
  readonly chunkSize: number;
  readonly conditionalCreate: boolean;
  readonly readStallMs: number;
  readonly retry: Required<Omit<GcsRetryOptions, 'maxAttempts'>> & { readonly maxAttempts: number | undefined };
  readonly requestTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onFailure: ((failure: StoreAttemptFailure) => void) | undefined;
}

// Names as the Confluent GCS sink spells them, where it has one, so properties-file users and
// TypeScript users read the same names in messages.
const KEYS: Readonly<Record<string, string>> = {
  bucket: 'gcs.bucket.name',
  prefix: 'gcs.prefix',
  stagingPrefix: 'gcs.staging.prefix',
  chunkSize: 'gcs.part.size',
  conditionalCreate: 'gcs.conditional.create',
  readStallMs: 'gcs.read.stall.ms',
  'retry.maxAttempts': 'gcs.retry.max.attempts',
  'retry.baseMs': 'gcs.retry.backoff.ms',
  'retry.capMs': 'gcs.retry.backoff.max.ms',
  requestTimeoutMs: 'store.request.timeout.ms',
};

const schema = z.object({
  bucket: z.custom<Bucket>((value) => {
    const bucket = value as { file?: unknown; name?: unknown; storage?: unknown } | null;
    return typeof bucket?.file === 'function' && typeof bucket.name === 'string' && typeof bucket.storage === 'object';
  }, 'must be a Bucket from @google-cloud/storage: new Storage(...).bucket(name)'),
  prefix: z
    .string()
    .refine((p) => !p.startsWith('/'), 'must not start with / (GCS object names are not paths)')
    .default(''),
  stagingPrefix: z
    .string()
    .min(1, 'must not be empty: temporary objects need a folder of their own')
    .refine((p) => !p.startsWith('/'), 'must not start with /')
    .default(DEFAULT_STAGING_PREFIX),
  chunkSize: z
    .number()
    .int('must be a whole number of bytes')
    .min(
      MIN_CHUNK_SIZE,
      `must be at least ${MIN_CHUNK_SIZE} bytes (256 KiB): smaller chunks mean one request per few bytes`,
    )
    .max(
      MAX_CHUNK_SIZE,
      `must be at most ${MAX_CHUNK_SIZE} bytes (1 GiB): each chunk is held in memory while it uploads`,
    )
    .default(DEFAULT_CHUNK_SIZE),
  conditionalCreate: z.boolean().default(true),
  readStallMs: z.number().int().min(1, 'must be at least 1 ms').default(60_000),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1, 'must be at least 1').optional(),
      baseMs: z.number().min(0, 'must be at least 0').default(200),
      capMs: z.number().min(0, 'must be at least 0').default(10_000),
    })
    .strict()
    .default({ baseMs: 200, capMs: 10_000 }),
  requestTimeoutMs: z
    .number()
    .int('must be a whole number of ms')
    .min(0, 'must be at least 0')
    .default(DEFAULT_REQUEST_TIMEOUT_MS),
  signal: z.instanceof(AbortSignal, { error: 'must be an AbortSignal' }).optional(),
  onFailure: z
    .custom<(failure: StoreAttemptFailure) => void>((v) => typeof v === 'function', 'must be a function')
    .optional(),
});

/**
 * Validates `options` and fills in defaults. Throws a `ConfigError` listing every problem with
 * its configuration key, the offending value and the reason.
 */
export function resolveGcsStorageOptions(options: GcsStorageOptions): ResolvedGcsStorageOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const value = valueAt(options, issue.path);
      return {
        key: KEYS[path] ?? (path || 'options'),
        ...(value === undefined || path === 'bucket' ? {} : { value: show(value) }),
        reason: issue.message,
      };
    });
    throw new ConfigError(problems);
  }
  const { prefix, stagingPrefix, retry, signal, onFailure, ...rest } = parsed.data;
  return {
    ...rest,
    signal,
    onFailure,
    prefix: withSlash(prefix),
    stagingPrefix: withSlash(stagingPrefix),
    retry: { maxAttempts: retry.maxAttempts, baseMs: retry.baseMs, capMs: retry.capMs },
  };
}

function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
  return value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
