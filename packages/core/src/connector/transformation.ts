import type { ConfigDef } from '../config/config-def.js';
import type { SinkRecord } from '../record/sink-record.js';
import type { PluginConfigs } from './props.js';

/**
 * A single message transformation (SMT), like Connect's `Transformation`: configured once, then
 * applied to every record between the converter and the task, in the order of `transforms`.
 *
 * `apply` is synchronous on purpose: it runs once per record on the consumer's path, where an
 * await per record costs more than most transformations do. It returns a new record (derive
 * it with `record.newRecord(...)`; never mutate the input) or `null` to drop the record. Throw a
 * `DataError` for a record that cannot be transformed; `errors.tolerance` decides what follows.
 */
export interface Transformation<R extends SinkRecord = SinkRecord> {
  /** Called once before use with the transformation's settings (`transforms.<name>.` stripped). */
  configure(configs: PluginConfigs): void;

  apply(record: R): R | null;

  /** The settings this transformation understands. */
  config(): ConfigDef;

  close(): void;
}
