import { ConfigDef, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';

function definition() {
  return new ConfigDef();
}

type Config = ConfigValues<typeof definition>;

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
