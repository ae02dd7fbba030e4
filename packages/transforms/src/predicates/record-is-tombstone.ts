import { ConfigDef, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import type { ConfigValues } from '../shared/configured-plugin.js';
import { BasePredicate } from './base-predicate.js';

function definition() {
  return new ConfigDef();
}

type Config = ConfigValues<typeof definition>;

/** Kafka's `RecordIsTombstone`: true when the record's value is `null`. */
export class RecordIsTombstone extends BasePredicate<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone';

  protected definition() {
    return definition();
  }

  protected setUp(_config: ParsedConfig<Config>): void {}

  test(record: SinkRecord): boolean {
    return record.value === null;
  }
}
