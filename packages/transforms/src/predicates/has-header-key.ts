import { ConfigDef, nonEmpty, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import type { ConfigValues } from '../shared/configured-plugin.js';
import { BasePredicate } from './base-predicate.js';

function definition() {
  return new ConfigDef().define('name', { type: 'string', validators: [nonEmpty()], doc: 'The header name.' });
}

type Config = ConfigValues<typeof definition>;

/** Kafka's `HasHeaderKey`: true when the record has at least one header named `name`. */
export class HasHeaderKey extends BasePredicate<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey';
  #name = '';

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#name = config.get('name');
  }

  test(record: SinkRecord): boolean {
    return record.headers.lastWithName(this.#name) !== undefined;
  }
}
