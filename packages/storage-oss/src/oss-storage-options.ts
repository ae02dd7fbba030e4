import { ConfigError, type ConfigProblem, type StoreAttemptFailure } from '@sinkkit/core';
import { z } from 'zod';
import { clientSettings, type OssClient } from './oss-client.js';

/** OSS's smallest part (every part of a multipart upload but the last): 100 KiB. */
export const MIN_PART_SIZE = 100 * 1024;
/** OSS's largest part: 5 GiB. */
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
/** Default part size: 8 MiB (memory per open file is at most two parts). */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/** Default bound of one attempt of any request, ms (`store.request.timeout.ms`): 60 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** How the adapter retries retriable failures (see the README's "Retries" section). */
export interface OssRetryOptions {
  /**
   * Attempts per operation made by the adapter. Default 5. ali-oss's own `retryMax` only repeats
   * requests that got no HTTP answer; by default the adapter leaves those to it when it is set.
   */
  readonly maxAttempts?: number;
  /** Ceiling of the first back-off delay, ms. Default 200. */
  readonly baseMs?: number;
  /** Largest back-off delay, ms. Default 10 000. */
  readonly capMs?: number;
}

/** Options of `new OssStorage(...)`. Validated up front: a bad value throws a `ConfigError`. */
export interface OssStorageOptions {
  /**
   * The caller's ali-oss client (`new OSS({ region, accessKeyId, accessKeySecret, stsToken?, bucket })`):
   * bucket, region, endpoint and credentials are configured there. It must name a bucket.
   */
  readonly client: OssClient;
  /** Key prefix; a trailing `/` is added when missing. Default: none (keys at the bucket root). */
  readonly prefix?: string;
  /** Multipart part size in bytes, 100 KiB – 5 GiB (`oss.part.size`). Default 8 MiB. */
  readonly partSize?: number;
  /**
   * Send `x-oss-forbid-overwrite: true` on create-only writes and completions
   * (`oss.conditional.create`). Default true: OSS enforces it. With false, writes check with a
   * HEAD first, which cannot fence a concurrent writer, and `capabilities.conditionalCreate` says so.
   */
  readonly conditionalCreate?: boolean;
  /** Retries of retriable failures. */
  readonly retry?: OssRetryOptions;
  /**
   * Longest one attempt of a call may take (`store.request.timeout.ms`); then the attempt is
   * abandoned and counts as a retriable failure. Default 60 000; 0 disables. ali-oss takes no abort
   * signal; its own `timeout` (`new OSS({ timeout })`) ends the abandoned request's socket.
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
export interface ResolvedOssStorageOptions {
  readonly client: OssClient;
  readonly bucket: string;
  readonly prefix: string;
  readonly partSize: number;
  readonly conditionalCreate: boolean;
  /** ali-oss's own `retryMax` (0 when unset). */
  readonly clientRetryMax: number;
  readonly retry: Required<Omit<OssRetryOptions, 'maxAttempts'>> & { readonly maxAttempts: number | undefined };
  readonly requestTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onFailure: ((failure: StoreAttemptFailure) => void) | undefined;
}

// Configuration keys in the style of the other storage adapters (`s3.part.size`), so a properties
// file and TypeScript code read the same names in messages.
const KEYS: Readonly<Record<string, string>> = {
  client: 'oss.client',
  prefix: 'oss.prefix',
  partSize: 'oss.part.size',
  conditionalCreate: 'oss.conditional.create',
  'retry.maxAttempts': 'oss.retry.max.attempts',
  'retry.baseMs': 'oss.retry.backoff.ms',
  'retry.capMs': 'oss.retry.backoff.max.ms',
  requestTimeoutMs: 'store.request.timeout.ms',
};

const METHODS = ['put', 'get', 'head', 'delete', 'listV2', 'initMultipartUpload', 'uploadPart'] as const;

const schema = z.object({
  client: z
    .custom<OssClient>(
      (value) => METHODS.every((m) => typeof (value as Record<string, unknown> | null)?.[m] === 'function'),
      'must be an ali-oss client (new OSS({ ... }) from the ali-oss package)',
    )
    .refine((client) => clientSettings(client).bucket !== undefined, {
      error: 'must be configured with a bucket: new OSS({ ..., bucket: "my-bucket" })',
    }),
  prefix: z.string().default(''),
  partSize: z
    .number()
    .int('must be a whole number of bytes')
    .refine((n) => n >= MIN_PART_SIZE, {
      error: (issue) =>
        `EntityTooSmall: your proposed upload part size [${String(issue.input)} bytes] is smaller than the minimum OSS allows for every part but the last [${MIN_PART_SIZE} bytes = 100 KiB]`,
    })
    .refine((n) => n <= MAX_PART_SIZE, `must be at most ${MAX_PART_SIZE} bytes (5 GiB), OSS's largest part`)
    .default(DEFAULT_PART_SIZE),
  conditionalCreate: z.boolean().default(true),
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
 * its configuration key, the offending value and the reason. The client is never printed: it
 * holds the access key secret.
 */
export function resolveOssStorageOptions(options: OssStorageOptions): ResolvedOssStorageOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const value = valueAt(options, issue.path);
      return {
        key: KEYS[path] ?? (path || 'options'),
        ...(value === undefined || path === 'client' ? {} : { value: show(value) }),
        reason: issue.message,
      };
    });
    throw new ConfigError(problems);
  }
  const { prefix, retry, client, signal, onFailure, ...rest } = parsed.data;
  const settings = clientSettings(client);
  return {
    ...rest,
    signal,
    onFailure,
    client,
    bucket: settings.bucket as string,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    clientRetryMax: settings.retryMax,
    retry: { maxAttempts: retry.maxAttempts, baseMs: retry.baseMs, capMs: retry.capMs },
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
  return value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
