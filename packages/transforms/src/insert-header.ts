import { ConfigDef, nonEmpty, type ParsedConfig, Schema, type SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';

function definition() {
  return new ConfigDef()
    .define('header', { type: 'string', validators: [nonEmpty()], doc: 'The name of the header.' })
    .define('value.literal', {
      type: 'string',
      doc: 'The literal value that is to be set as the header value on all records.',
    });
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `InsertHeader`: adds a header with a literal value to every record. The value is a
 * STRING header; Kafka infers a type from the literal (`Values.parseString`: `42` becomes an
 * INT8), which sinkkit does not — see the transforms reference.
 */
export class InsertHeader extends BaseTransformation<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.InsertHeader';
  #header = '';
  #literal = '';

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#header = config.get('header');
    this.#literal = config.get('value.literal');
  }

  apply(record: SinkRecord): SinkRecord {
    const headers = record.headers.duplicate().add(this.#header, this.#literal, Schema.STRING_SCHEMA);
    return record.newRecord({ headers });
  }
}
