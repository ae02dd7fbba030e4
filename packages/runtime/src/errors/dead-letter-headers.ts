import type { ProcessingFailure } from '../pipeline/processing-failure.js';

/** Prefix of Kafka Connect's dead-letter context headers (`DeadLetterQueueReporter.HEADER_PREFIX`). */
export const ERROR_HEADER_PREFIX = '__connect.errors.';

/** Who reports: written as `__connect.errors.connector.name` and `__connect.errors.task.id`. */
export interface ReporterIdentity {
  readonly connectorName: string;
  readonly taskId: number;
}

const encoder = new TextEncoder();

/**
 * The context headers Kafka Connect's `DeadLetterQueueReporter.populateContextHeaders` adds, in
 * the same order and encoding (UTF-8 text; partition, offset and task id as decimal strings),
 * so tools written for Connect's dead-letter topics read ours. The exception class is the JS
 * error's `name` (e.g. `DataError`), its message and `stack` stand in for Java's.
 */
export function deadLetterHeaders(failure: ProcessingFailure, who: ReporterIdentity): [string, Uint8Array][] {
  const h = (name: string, value: string): [string, Uint8Array] => [ERROR_HEADER_PREFIX + name, encoder.encode(value)];
  const { record, error } = failure;
  const headers: [string, Uint8Array][] = [
    h('topic', record.topic),
    h('partition', String(record.partition)),
    h('offset', record.offset.toString()),
    h('connector.name', who.connectorName),
    h('task.id', String(who.taskId)),
    h('stage', failure.stage),
    h('class.name', failure.className),
    h('exception.class.name', error.name || error.constructor.name),
    h('exception.message', error.message),
  ];
  if (error.stack) headers.push(h('exception.stacktrace', error.stack));
  return headers;
}
