import { ConfigDef, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';

function definition() {
  return new ConfigDef();
}

type Config = ReturnType<typeof definition> extends ConfigDef<infer V> ? V : never;

/**
 * Kafka's `Filter`: drops every record it is applied to. Used with a predicate
 * (`transforms.x.predicate`, optionally `negate`) to drop the records that match.
 */
export class Filter extends BaseTransformation<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.Filter';

  protected definition() {
    return definition();
  }

  protected setUp(_config: ParsedConfig<Config>): void {}

  apply(_record: SinkRecord): null {
    return null;
  }
}
