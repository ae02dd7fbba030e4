import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, type ConfigProblem, type StoreAttemptFailure } from '@sinkkit/core';
import { z } from 'zod';

/** Default bound of one attempt of any request, ms (`store.request.timeout.ms`): 60 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** S3's smallest part (all but the last part of a multipart upload): 5 MiB. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** S3's largest part: 5 GiB. */
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
/** Default part size: 8 MiB, as the AWS CLI and lib-storage's neighbours use. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/** Server-side encryption of every object written (staged uploads included). */
export type S3Sse = { readonly type: 'AES256' } | { readonly type: 'aws:kms'; readonly kmsKeyId?: string };

/** How the adapter retries retriable failures (see the README's "Retries" section). */
export interface S3RetryOptions {
  /**
   * Attempts per operation made by the adapter, each a full SDK `send` (which may retry on its
   * own). Default: 5 when the client is built with `maxAttempts: 1`, otherwise 1 — so exactly one
   * layer retries unless both are configured on purpose.
   */
  readonly maxAttempts?: number;
  /** Ceiling of the first back-off delay, ms. Default 200. */
  readonly baseMs?: number;
  /** Largest back-off delay, ms. Default 10 000. */
  readonly capMs?: number;
}

/** Options of `new S3Storage(...)`. Validated up front: a bad value throws a `ConfigError`. */
export interface S3StorageOptions {
  /** The caller's client: region, credentials, endpoint, `forcePathStyle` are configured there. */
  readonly client: S3Client;
  /** Bucket name (config key `s3.bucket.name`). */
  readonly bucket: string;
  /** Key prefix; a trailing `/` is added when missing. Default: none (keys at the bucket root). */
  readonly prefix?: string;
  /** Multipart part size in bytes, 5 MiB – 5 GiB (`s3.part.size`). Default 8 MiB. */
  readonly partSize?: number;
  /** Server-side encryption (`s3.ssea.name`, `s3.sse.kms.key.id`). Default: the bucket's own. */
  readonly sse?: S3Sse;
  /** Canned ACL (`s3.acl.canned`), e.g. `bucket-owner-full-control`. Default: none sent. */
  readonly acl?: string;
  /** Storage class (`s3.storage.class`), e.g. `STANDARD_IA`. Default: the bucket's (STANDARD). */
  readonly storageClass?: string;
  /**
   * Whether the server enforces `If-None-Match: *` (`s3.conditional.create`). Default true (AWS S3
   * since 2024, MinIO). Set false for servers that ignore it (s3rver): writes then check with a
   * HEAD first, which cannot fence a concurrent writer, and `capabilities.conditionalCreate` says so.
   */
  readonly conditionalCreate?: boolean;
  /** Whether the server answers ListMultipartUploads (`s3.list.staged`). Default true; s3rver: false. */
  readonly listStaged?: boolean;
  /** Retries of retriable failures. */
  readonly retry?: S3RetryOptions;
  /**
   * Longest one attempt of a request may take, start to last byte of the answer
   * (`store.request.timeout.ms`); then it is aborted (`abortSignal`) and counts as a retriable
   * failure. Default 60 000; 0 disables. Connect and idle-socket timeouts are the client's
   * (`requestHandler: { connectionTimeout, socketTimeout }`): see the README's "Timeouts".
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
export interface ResolvedS3StorageOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly partSize: number;
  readonly sse: S3Sse | undefined;
  readonly acl: string | undefined;
  readonly storageClass: string | undefined;
  readonly conditionalCreate: boolean;
  readonly listStaged: boolean;
  readonly retry: Required<Omit<S3RetryOptions, 'maxAttempts'>> & { readonly maxAttempts: number | undefined };
  readonly requestTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onFailure: ((failure: StoreAttemptFailure) => void) | undefined;
}

// The configuration keys users of the Confluent S3 sink know, used in error messages so a
// properties-file user and a TypeScript user read the same names.
const KEYS: Readonly<Record<string, string>> = {
  client: 's3.client',
  bucket: 's3.bucket.name',
  prefix: 's3.prefix',
  partSize: 's3.part.size',
  sse: 's3.ssea.name',
  'sse.type': 's3.ssea.name',
  'sse.kmsKeyId': 's3.sse.kms.key.id',
  acl: 's3.acl.canned',
  storageClass: 's3.storage.class',
  conditionalCreate: 's3.conditional.create',
  listStaged: 's3.list.staged',
  'retry.maxAttempts': 's3.retry.max.attempts',
  'retry.baseMs': 's3.retry.backoff.ms',
  'retry.capMs': 's3.retry.backoff.max.ms',
  requestTimeoutMs: 'store.request.timeout.ms',
  signal: 'signal',
  onFailure: 'onFailure',
};

const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

const schema = z.object({
  client: z.custom<S3Client>(
    (value) => typeof (value as { send?: unknown } | null)?.send === 'function',
    'must be an S3Client from @aws-sdk/client-s3',
  ),
  bucket: z
    .string({ error: 'must be a bucket name' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3–63 lower-case letters, digits, . and -'),
  prefix: z.string().default(''),
  partSize: z
    .number()
    .int('must be a whole number of bytes')
    .refine((n) => n >= MIN_PART_SIZE, {
      error: (issue) =>
        `EntityTooSmall: your proposed upload part size [${String(issue.input)} bytes] is smaller than the minimum S3 allows for every part but the last [${MIN_PART_SIZE} bytes = ${mib(MIN_PART_SIZE)}]`,
    })
    .refine((n) => n <= MAX_PART_SIZE, `must be at most ${MAX_PART_SIZE} bytes (5 GiB), S3's largest part`)
    .default(DEFAULT_PART_SIZE),
  sse: z
    .discriminatedUnion(
      'type',
      [
        z.object({ type: z.literal('AES256') }).strict(),
        z.object({ type: z.literal('aws:kms'), kmsKeyId: z.string().min(1, 'must not be empty').optional() }).strict(),
      ],
      { error: "must be { type: 'AES256' } or { type: 'aws:kms', kmsKeyId? }" },
    )
    .optional(),
  acl: z.string().min(1, 'must not be empty').optional(),
  storageClass: z
    .string()
    .regex(/^[A-Z_]+$/, 'must be an S3 storage class such as STANDARD_IA (upper case)')
    .optional(),
  conditionalCreate: z.boolean().default(true),
  listStaged: z.boolean().default(true),
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
export function resolveS3StorageOptions(options: S3StorageOptions): ResolvedS3StorageOptions {
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
  const { prefix, sse, acl, storageClass, retry, signal, onFailure, ...rest } = parsed.data;
  return {
    ...rest,
    signal,
    onFailure,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    sse,
    acl,
    storageClass,
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
