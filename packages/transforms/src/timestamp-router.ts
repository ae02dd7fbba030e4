import { ConfigDef, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';
import { recordError } from './shared/requirements.js';
import { SimpleDateFormat } from './shared/simple-date-format.js';

// Kafka's placeholders, written as plain strings on purpose (they are not JS templates).
// biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax
const TOPIC = '${topic}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholder syntax
const TIMESTAMP = '${timestamp}';

function definition() {
  return new ConfigDef()
    .define('topic.format', {
      type: 'string',
      default: `${TOPIC}-${TIMESTAMP}`,
      doc: `Format string which can contain ${TOPIC} and ${TIMESTAMP} as placeholders for the topic and timestamp, respectively.`,
    })
    .define('timestamp.format', {
      type: 'string',
      default: 'yyyyMMdd',
      doc: 'Format string for the timestamp that is compatible with java.text.SimpleDateFormat (formatted in UTC).',
    });
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `TimestampRouter`: the topic becomes `topic.format` with `${topic}` and
 * `${timestamp}` (the record's timestamp in `timestamp.format`, UTC) filled in. A record
 * without a timestamp is a data error, as in Kafka.
 */
export class TimestampRouter extends BaseTransformation<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.TimestampRouter';
  #topicFormat = '';
  #timestampFormat: SimpleDateFormat | null = null;

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    this.#topicFormat = config.get('topic.format');
    this.#timestampFormat = new SimpleDateFormat(config.get('timestamp.format'), 'timestamp.format');
  }

  apply(record: SinkRecord): SinkRecord {
    if (record.timestamp === null) throw recordError(record, `Timestamp missing on record: ${record}`);
    const timestamp = (this.#timestampFormat as SimpleDateFormat).format(new Date(record.timestamp));
    const topic = this.#topicFormat.replaceAll(TOPIC, record.topic).replaceAll(TIMESTAMP, timestamp);
    return record.newRecord({ topic });
  }
}
