import { ConfigDef, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import { BasePredicate } from './base-predicate.js';

function definition() {
  return new ConfigDef();
}

type Config = ReturnType<typeof definition> extends ConfigDef<infer V> ? V : never;

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
