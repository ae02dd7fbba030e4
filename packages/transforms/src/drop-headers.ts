import { ConfigDef, nonEmpty, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';

function definition() {
  return new ConfigDef().define('headers', {
    type: 'list',
    validators: [nonEmpty()],
    doc: 'The name of the headers to be removed.',
  });
}

type Config = ConfigValues<typeof definition>;

/** Kafka's `DropHeaders`: removes every header with one of the given names. */
export class DropHeaders extends BaseTransformation<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.DropHeaders';
  #names = new Set<string>();

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#names = new Set(config.get('headers'));
  }

  apply(record: SinkRecord): SinkRecord {
    const headers = record.headers.duplicate();
    for (const name of this.#names) headers.remove(name);
    return record.newRecord({ headers });
  }
}
