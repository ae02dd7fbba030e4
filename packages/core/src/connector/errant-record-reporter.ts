import type { SinkRecord } from '../record/sink-record.js';

/**
 * Reports records a task could not process, like Connect's `ErrantRecordReporter`. With
 * `errors.tolerance=all` the runtime routes them to the dead-letter queue topic with error
 * headers; with `errors.tolerance=none` reporting fails the task.
 *
 * The returned promise settles once the report is durable. A task must let every report it
 * started settle before `preCommit` returns offsets past the record, or a crash could lose the
 * bad record from both the sink and the dead-letter queue.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}
