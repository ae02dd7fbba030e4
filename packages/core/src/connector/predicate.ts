import type { ConfigDef } from '../config/config-def.js';
import type { SinkRecord } from '../record/sink-record.js';
import type { PluginConfigs } from './props.js';

/**
 * A condition on records that decides whether a transformation applies, like Connect's
 * `Predicate` (`transforms.<name>.predicate`, optionally `negate`). Synchronous for the same
 * reason as `Transformation.apply`, and must not change the record.
 */
export interface Predicate<R extends SinkRecord = SinkRecord> {
  /** Called once before use with the predicate's settings (`predicates.<name>.` stripped). */
  configure(configs: PluginConfigs): void;

  test(record: R): boolean;

  /** The settings this predicate understands. */
  config(): ConfigDef;

  close(): void;
}
