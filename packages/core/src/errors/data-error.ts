import { SinkkitError } from './sinkkit-error.js';

/** Where in Kafka the offending record came from; every part is optional. */
export interface RecordLocation {
  topic?: string;
  partition?: number;
  /** 64-bit Kafka offset; a bigint so offsets beyond 2^53 print exactly. */
  offset?: bigint;
}

/**
 * A value does not fit its schema, or a record cannot be converted, transformed or written.
 *
 * Never retriable: the same bytes fail the same way. When the record is known its location is
 * kept on the error and appended to the message, so `errors.tolerance=none` stops the task with
 * a message that says exactly which record to look at.
 *
 * Code: `DATA_INVALID` unless given.
 */
export class DataError extends SinkkitError {
  override name = 'DataError';
  readonly topic: string | undefined;
  readonly partition: number | undefined;
  readonly offset: bigint | undefined;
  /** The message without the location suffix. */
  readonly reason: string;

  constructor(message: string, options: RecordLocation & { code?: string; cause?: unknown } = {}) {
    super(message + describeLocation(options), { code: options.code ?? 'DATA_INVALID', cause: options.cause });
    this.reason = message;
    this.topic = options.topic;
    this.partition = options.partition;
    this.offset = options.offset;
  }

  /**
   * A copy of `error` located at `record` (a SinkRecord or anything with the same fields), for
   * code that validates a value first and learns which record it belonged to later.
   */
  static at(record: { topic: string; kafkaPartition: number; kafkaOffset: bigint }, error: unknown): DataError {
    const location = { topic: record.topic, partition: record.kafkaPartition, offset: record.kafkaOffset };
    if (error instanceof DataError)
      return new DataError(error.reason, { ...location, code: error.code, cause: error.cause });
    const message = error instanceof Error ? error.message : String(error);
    return new DataError(message, { ...location, cause: error });
  }
}

function describeLocation(location: RecordLocation): string {
  const parts: string[] = [];
  if (location.topic !== undefined) parts.push(`topic ${location.topic}`);
  if (location.partition !== undefined) parts.push(`partition ${location.partition}`);
  if (location.offset !== undefined) parts.push(`offset ${location.offset}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
