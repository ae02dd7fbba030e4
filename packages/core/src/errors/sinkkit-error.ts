/** Options every {@link SinkkitError} takes. */
export interface SinkkitErrorOptions {
  /** Stable, machine-readable identifier (e.g. `CONFIG_INVALID`); never reworded once released. */
  code: string;
  /** Whether repeating the same operation may succeed. Defaults to `false`. */
  retriable?: boolean;
  /** The underlying error, kept for diagnosis. */
  cause?: unknown;
}

/**
 * Base class of every error sinkkit throws on purpose.
 *
 * Callers branch on `code` (stable across releases) and `retriable` rather than on message text
 * or class identity, so errors classified by another copy of the package (or by an adapter's
 * `classifyError`) are handled the same way.
 */
export class SinkkitError extends Error {
  override name = 'SinkkitError';
  /** Stable, machine-readable identifier of the failure. */
  readonly code: string;
  /** Whether repeating the same operation may succeed (see {@link isRetriable}). */
  readonly retriable: boolean;

  constructor(message: string, options: SinkkitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retriable = options.retriable ?? false;
  }
}

/**
 * A failure that may go away if the operation is repeated: a timeout, a throttled request, a
 * broker that is not the leader yet. Mirrors Kafka Connect's `RetriableException`: a `SinkTask`
 * that throws it from `put` gets the same records again after `context.timeout(ms)`.
 *
 * Code: `RETRIABLE` unless given.
 */
export class RetriableError extends SinkkitError {
  override name = 'RetriableError';

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'RETRIABLE', retriable: true, cause: options.cause });
  }
}

/**
 * Whether `error` says it may succeed on a retry.
 *
 * Duck-typed on a boolean `retriable` property rather than `instanceof`, so errors from other
 * libraries that follow the same convention count too (kafkajs's `KafkaJSError.retriable` does),
 * as do errors from a second copy of this package in `node_modules`. Anything else, including
 * non-errors, is not retriable: retrying an unknown failure hides bugs.
 */
export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
