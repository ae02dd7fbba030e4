import type { ContainerClient } from '@azure/storage-blob';
import { ConfigError, type ConfigProblem, type StoreAttemptFailure } from '@sinkkit/core';
import { z } from 'zod';

const MiB = 1024 * 1024;
/** Smallest block size accepted: 1 byte (Azure has no minimum block size). */
export const MIN_BLOCK_SIZE = 1;
/** Azure's largest block (service version 2019-12-12 and later): 4000 MiB. */
export const MAX_BLOCK_SIZE = 4000 * MiB;
/** Default block size: 8 MiB. */
export const DEFAULT_BLOCK_SIZE = 8 * MiB;

/** Default bound of one attempt of any request, ms (`store.request.timeout.ms`): 60 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** How the adapter retries retriable failures (see the README's "Retries" section). */
export interface AzureRetryOptions {
  /**
   * Attempts per operation made by the adapter, each a full SDK call (which may retry on its own).
   * Default: 5 when the client's pipeline is built with `retryOptions: { maxTries: 1 }`, otherwise
   * 1 — so exactly one layer retries unless both are configured on purpose.
   */
  readonly maxAttempts?: number;
  /** Ceiling of the first back-off delay, ms. Default 200. */
  readonly baseMs?: number;
  /** Largest back-off delay, ms. Default 10 000. */
  readonly capMs?: number;
}

/** Options of `new AzureBlobStorage(...)`. Validated up front: a bad value throws a `ConfigError`. */
export interface AzureBlobStorageOptions {
  /**
   * The caller's `ContainerClient`: account, credential (connection string, shared key, SAS or
   * token credential), endpoint and pipeline options are configured there.
   */
  readonly container: ContainerClient;
  /** Blob name prefix; a trailing `/` is added when missing. Default: none (blobs at the container root). */
  readonly prefix?: string;
  /** Bytes per staged block, 1 byte – 4000 MiB (`azblob.block.size`). Default 8 MiB. */
  readonly blockSize?: number;
  /**
   * Whether create-only writes send `If-None-Match: *` (`azblob.conditional.create`). Default true:
   * Azure Blob Storage and Azurite enforce it. Set false only for an emulator that does not; writes
   * then check with a HEAD first, which cannot fence a concurrent writer.
   */
  readonly conditionalCreate?: boolean;
  /** Retries of retriable failures. */
  readonly retry?: AzureRetryOptions;
  /**
   * Longest one attempt of a request may take, start to last byte of the answer
   * (`store.request.timeout.ms`); then it is aborted (`abortSignal`) and counts as a retriable
   * failure. Default 60 000; 0 disables. The pipeline's `retryOptions.tryTimeoutInMs` bounds each
   * of the SDK's own tries: see the README's "Timeouts".
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
export interface ResolvedAzureBlobStorageOptions {
  readonly container: ContainerClient;
  readonly prefix: string;
  readonly blockSize: number;
  readonly conditionalCreate: boolean;
  readonly retry: Required<Omit<AzureRetryOptions, 'maxAttempts'>> & { readonly maxAttempts: number | undefined };
  readonly requestTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onFailure: ((failure: StoreAttemptFailure) => void) | undefined;
}

// The names Confluent's Azure Blob Storage sink uses where it has one, so a properties-file user and
// a TypeScript user read the same names in messages.
const KEYS: Readonly<Record<string, string>> = {
  container: 'azblob.container.name',
  prefix: 'azblob.prefix',
  blockSize: 'azblob.block.size',
  conditionalCreate: 'azblob.conditional.create',
  'retry.maxAttempts': 'azblob.retry.max.attempts',
  'retry.baseMs': 'azblob.retry.backoff.ms',
  'retry.capMs': 'azblob.retry.max.backoff.ms',
  requestTimeoutMs: 'store.request.timeout.ms',
};

const schema = z.object({
  container: z.custom<ContainerClient>((value) => {
    const client = value as { getBlockBlobClient?: unknown; listBlobsFlat?: unknown } | null;
    return typeof client?.getBlockBlobClient === 'function' && typeof client.listBlobsFlat === 'function';
  }, 'must be a ContainerClient from @azure/storage-blob (e.g. blobServiceClient.getContainerClient(name))'),
  prefix: z.string({ error: 'must be a string' }).default(''),
  blockSize: z
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(MIN_BLOCK_SIZE, 'must be at least 1 byte')
    .max(MAX_BLOCK_SIZE, `must be at most ${MAX_BLOCK_SIZE} bytes (4000 MiB), Azure's largest block`)
    .default(DEFAULT_BLOCK_SIZE),
  conditionalCreate: z.boolean({ error: 'must be true or false' }).default(true),
  retry: z
    .object({
      maxAttempts: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
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
 * Validates `options` and fills in defaults. Throws a `ConfigError` listing every problem with its
 * configuration key, the offending value and the reason.
 */
export function resolveAzureBlobStorageOptions(options: AzureBlobStorageOptions): ResolvedAzureBlobStorageOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const value = valueAt(options, issue.path);
      return {
        key: KEYS[path] ?? (path || 'options'),
        // The container client is never shown: its URL may carry a SAS token.
        ...(value === undefined || path === 'container' ? {} : { value: show(value) }),
        reason: issue.message,
      };
    });
    throw new ConfigError(problems);
  }
  const { prefix, retry, signal, onFailure, ...rest } = parsed.data;
  return {
    ...rest,
    signal,
    onFailure,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
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
