import { ConfigDef, ConfigError, nonEmpty, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import type { ConfigValues } from '../shared/configured-plugin.js';
import { BasePredicate } from './base-predicate.js';

function definition() {
  return new ConfigDef().define('pattern', {
    type: 'string',
    validators: [nonEmpty()],
    doc: "A Java regular expression for matching against the name of a record's topic.",
  });
}

type Config = ConfigValues<typeof definition>;

/** Kafka's `TopicNameMatches`: true when the whole topic name matches `pattern`. */
export class TopicNameMatches extends BasePredicate<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches';
  #pattern = /$^/;

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    try {
      this.#pattern = new RegExp(`^(?:${config.get('pattern')})$`);
    } catch (error) {
      throw new ConfigError({ key: 'pattern', value: config.get('pattern'), reason: (error as Error).message });
    }
  }

  test(record: SinkRecord): boolean {
    return this.#pattern.test(record.topic);
  }
}
