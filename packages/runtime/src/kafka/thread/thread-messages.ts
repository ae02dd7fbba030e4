import { SinkkitError, type TopicPartition } from '@sinkkit/core';
import { KafkaConnectError, type KafkaConnectFailure } from '../kafka-connect-error.js';

/** An error as it crosses threads: structured cloning would drop `code` and `retriable`. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly retriable?: boolean;
  /** A `KafkaConnectError`'s attempts and time spent. */
  readonly attempts?: number;
  readonly elapsedMs?: number;
}

/** What the runtime's thread sends the consumer's worker. */
export type ToWorker =
  | { readonly type: 'ack' }
  | { readonly type: 'seek'; readonly tp: TopicPartition; readonly offset: bigint; readonly generation: number }
  | { readonly type: 'pause' | 'resume'; readonly partitions: readonly TopicPartition[] }
  | {
      readonly type: 'commit';
      readonly id: number;
      readonly offsets: readonly (readonly [TopicPartition, bigint, string | undefined])[];
    }
  | { readonly type: 'stop'; readonly id: number };

/** What the consumer's worker sends the runtime's thread. */
export type FromWorker =
  | { readonly type: 'started' }
  | { readonly type: 'assigned'; readonly partitions: readonly TopicPartition[] }
  | { readonly type: 'rebalancing' }
  | { readonly type: 'lost'; readonly error: ErrorData; readonly restarting: boolean }
  | { readonly type: 'fatal'; readonly error: ErrorData }
  /** Fetched batches, packed by `packBatches`. */
  | { readonly type: 'records'; readonly buffer: ArrayBuffer }
  | { readonly type: 'reply'; readonly id: number; readonly error?: ErrorData }
  | {
      readonly type: 'log';
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields?: Record<string, unknown>;
    };

export function toErrorData(e: unknown): ErrorData {
  const error = e instanceof Error ? e : new Error(String(e));
  const { code, retriable } = error as { code?: unknown; retriable?: unknown };
  if (error instanceof KafkaConnectError) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      attempts: error.attempts,
      elapsedMs: error.elapsedMs,
    };
  }
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof retriable === 'boolean' ? { retriable } : {}),
  };
}

/** The error `data` describes: a `KafkaConnectError` again, a `SinkkitError` when it has a code, else a plain `Error`. */
export function fromErrorData(data: ErrorData): Error {
  if (data.name === 'KafkaConnectError' && data.attempts !== undefined) {
    return new KafkaConnectError(data.message, {
      code: data.code as KafkaConnectFailure,
      attempts: data.attempts,
      elapsedMs: data.elapsedMs ?? 0,
      cause: undefined,
    });
  }
  const error =
    data.code === undefined
      ? new Error(data.message)
      : new SinkkitError(data.message, { code: data.code, retriable: data.retriable ?? false });
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
